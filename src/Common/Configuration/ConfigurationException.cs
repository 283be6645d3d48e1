namespace RocketMQ.Common.Configuration;

/// <summary>A configuration value that cannot be used; <see cref="Key"/> names the offending key so a host can
/// stop at startup with a message an operator can act on.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string key, string message) : base($"{key}: {message}") => Key = key;

    public ConfigurationException()
    {
        Key = "";
    }

    public ConfigurationException(string message) : base(message)
    {
        Key = "";
    }

    public ConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
        Key = "";
    }

    /// <summary>The configuration key, as spelled in the properties file.</summary>
    public string Key { get; }
}
