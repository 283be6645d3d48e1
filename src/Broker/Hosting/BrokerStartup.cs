using RocketMQ.Common.Configuration;

namespace RocketMQ.Broker.Hosting;

/// <summary>Turns the command line and broker.conf into validated options (Java's BrokerStartup).</summary>
internal static class BrokerStartup
{
    /// <summary>Reads <paramref name="configFile"/> onto defaults, applies <c>-n</c>; returns the unknown keys.</summary>
    /// <exception cref="ConfigurationException">Unreadable file or a bad value, naming the key.</exception>
    public static (BrokerOptions Options, List<string> UnknownKeys) LoadOptions(string? configFile,
        string? namesrvAddr)
    {
        var options = new BrokerOptions
        {
            NamesrvAddr = Environment.GetEnvironmentVariable("NAMESRV_ADDR") ?? "",
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

            try
            {
                unknown = BrokerOptions.Binder.Bind(options, JavaProperties.Parse(text));
            }
            catch (FormatException e)
            {
                throw new ConfigurationException("-c", $"{configFile}: {e.Message}");
            }
        }

        if (!string.IsNullOrWhiteSpace(namesrvAddr))
        {
            options.NamesrvAddr = namesrvAddr;
        }

        options.Validate();
        return (options, unknown);
    }
}
