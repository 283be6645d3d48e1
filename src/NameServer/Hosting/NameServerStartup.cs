using Microsoft.Extensions.Logging;
using RocketMQ.Common.Configuration;

namespace RocketMQ.NameServer.Hosting;

/// <summary>Turns the command line and the properties file into validated options (Java's NamesrvStartup).</summary>
internal static class NameServerStartup
{
    /// <summary>Reads <paramref name="configFile"/> (if given) onto defaults, then applies the command-line
    /// port; returns the options and the unknown keys to warn about.</summary>
    /// <exception cref="ConfigurationException">Unreadable file or a bad value, naming the key.</exception>
    public static (NameServerOptions Options, List<string> UnknownKeys) LoadOptions(
        string? configFile, int? listenPort = null)
    {
        var options = new NameServerOptions
        {
            RocketmqHome = Environment.GetEnvironmentVariable("ROCKETMQ_HOME") ?? "",
        };
        var unknown = new List<string>();
        if (configFile is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(configFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException("-c", $"cannot read config file {configFile}: {e.Message}");
            }

            Dictionary<string, string> properties;
            try
            {
                properties = JavaProperties.Parse(text);
            }
            catch (FormatException e)
            {
                throw new ConfigurationException("-c", $"{configFile}: {e.Message}");
            }

            unknown = NameServerOptions.Binder.Bind(options, properties);
        }

        if (listenPort is { } port)
        {
            options.ListenPort = port;
        }

        options.Validate();
        return (options, unknown);
    }

    public static void WarnUnknownKeys(ILogger logger, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            NameServerLog.UnknownConfigKey(logger, key);
        }
    }
}
