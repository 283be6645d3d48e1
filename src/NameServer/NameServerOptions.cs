using System.Net;
using RocketMQ.Common.Configuration;
using RocketMQ.Remoting;

namespace RocketMQ.NameServer;

/// <summary>
/// Everything a name server can be configured with, under the properties keys RocketMQ users already write in
/// <c>namesrv.properties</c> (NamesrvConfig + NettyServerConfig names), plus a few of our own (documented per
/// property). Defaults live here and nowhere else.
/// </summary>
public sealed class NameServerOptions
{
    /// <summary><c>rocketmqHome</c>: informational, as in Java (defaults to $ROCKETMQ_HOME).</summary>
    public string RocketmqHome { get; set; } = "";

    /// <summary><c>kvConfigPath</c>: where KV config is persisted (Java default ~/namesrv/kvConfig.json).</summary>
    public string KvConfigPath { get; set; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "namesrv", "kvConfig.json");

    /// <summary><c>orderMessageEnable</c>: add ORDER_TOPIC_CONFIG KV entries to routes as Java does.</summary>
    public bool OrderMessageEnable { get; set; }

    /// <summary><c>listenPort</c>: TCP port (9876). 0 picks a free port (tests).</summary>
    public int ListenPort { get; set; } = 9876;

    /// <summary><c>bindAddress</c> (ours): the local address to listen on; Java always binds 0.0.0.0.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary><c>scanNotActiveBrokerInterval</c> (ms): how often silent brokers are looked for.</summary>
    public long ScanNotActiveBrokerIntervalMs { get; set; } = 5_000;

    /// <summary><c>brokerChannelExpiredTime</c> (ms, ours; a constant in Java): a broker silent this long is
    /// dropped from routes. Brokers re-register every 30 s.</summary>
    public long BrokerChannelExpiredTimeMs { get; set; } = 120_000;

    /// <summary><c>serverChannelMaxIdleTimeSeconds</c>: a connection that sends nothing this long is closed.</summary>
    public int ServerChannelMaxIdleTimeSeconds { get; set; } = 120;

    /// <summary><c>frameMaxLength</c> (bytes): largest accepted frame (Java's remoting frameMaxLength,
    /// 16 MiB).</summary>
    public int FrameMaxLength { get; set; } = 16 * 1024 * 1024;

    /// <summary><c>headerMaxLength</c> (bytes, ours): largest accepted serialized header.</summary>
    public int HeaderMaxLength { get; set; } = 1024 * 1024;

    /// <summary>The key table: binds files, applies runtime updates and prints <c>-p</c> output.</summary>
    public static PropertiesBinder<NameServerOptions> Binder { get; } = new PropertiesBinder<NameServerOptions>()
        .Add("rocketmqHome", o => o.RocketmqHome, (o, v) => o.RocketmqHome = v)
        .Add("kvConfigPath", o => o.KvConfigPath, (o, v) => o.KvConfigPath = v)
        .Add("orderMessageEnable", o => o.OrderMessageEnable, (o, v) => o.OrderMessageEnable = v, true)
        .Add("listenPort", o => o.ListenPort, (o, v) => o.ListenPort = v)
        .Add("bindAddress", o => o.BindAddress, (o, v) => o.BindAddress = v)
        .Add("scanNotActiveBrokerInterval", o => o.ScanNotActiveBrokerIntervalMs,
            (o, v) => o.ScanNotActiveBrokerIntervalMs = v, true)
        .Add("brokerChannelExpiredTime", o => o.BrokerChannelExpiredTimeMs,
            (o, v) => o.BrokerChannelExpiredTimeMs = v, true)
        .Add("serverChannelMaxIdleTimeSeconds", o => o.ServerChannelMaxIdleTimeSeconds,
            (o, v) => o.ServerChannelMaxIdleTimeSeconds = v)
        .Add("frameMaxLength", o => o.FrameMaxLength, (o, v) => o.FrameMaxLength = v)
        .Add("headerMaxLength", o => o.HeaderMaxLength, (o, v) => o.HeaderMaxLength = v);

    /// <summary>Throws <see cref="ConfigurationException"/> naming the first invalid key.</summary>
    public void Validate()
    {
        Require(ListenPort is >= 0 and <= 65535, "listenPort", $"must be 0-65535, was {ListenPort}");
        Require(IPAddress.TryParse(BindAddress, out _), "bindAddress", $"'{BindAddress}' is not an IP address");
        Require(!string.IsNullOrWhiteSpace(KvConfigPath), "kvConfigPath", "must not be empty");
        Require(ScanNotActiveBrokerIntervalMs > 0, "scanNotActiveBrokerInterval", "must be positive");
        Require(BrokerChannelExpiredTimeMs > 0, "brokerChannelExpiredTime", "must be positive");
        Require(ServerChannelMaxIdleTimeSeconds > 0, "serverChannelMaxIdleTimeSeconds", "must be positive");
        Require(FrameMaxLength >= 1024, "frameMaxLength", $"must be at least 1024, was {FrameMaxLength}");
        Require(HeaderMaxLength >= 64 && HeaderMaxLength <= FrameMaxLength - 4, "headerMaxLength",
            "must be between 64 and frameMaxLength - 4");
    }

    /// <summary>The remoting limits derived from these options.</summary>
    public RemotingOptions ToRemotingOptions() => new()
    {
        MaxFrameBytes = FrameMaxLength,
        MaxHeaderBytes = HeaderMaxLength,
        ServerChannelMaxIdleTime = TimeSpan.FromSeconds(ServerChannelMaxIdleTimeSeconds),
    };

    private static void Require(bool condition, string key, string message)
    {
        if (!condition)
        {
            throw new ConfigurationException(key, message);
        }
    }
}
