using Microsoft.Extensions.Logging;

namespace RocketMQ.NameServer;

/// <summary>Source-generated log messages of the name server; EventIds 2000–2099.</summary>
internal static partial class NameServerLog
{
    [LoggerMessage(2000, LogLevel.Information,
        "The Name Server boot success. serializeType=JSON, listening on {EndPoint}")]
    public static partial void BootSuccess(ILogger logger, string endPoint);

    [LoggerMessage(2001, LogLevel.Information, "New broker registered: {BrokerAddr} ({Cluster}/{BrokerName} id " +
        "{BrokerId}, HA {HaServerAddr})")]
    public static partial void BrokerRegistered(
        ILogger logger, string brokerAddr, string cluster, string brokerName, long brokerId, string haServerAddr);

    [LoggerMessage(2002, LogLevel.Information, "Broker unregistered: {BrokerAddr} ({Cluster}/{BrokerName} id " +
        "{BrokerId})")]
    public static partial void BrokerUnregistered(
        ILogger logger, string brokerAddr, string cluster, string brokerName, long brokerId);

    [LoggerMessage(2003, LogLevel.Warning, "Broker {BrokerAddr} expired: not heard from for {SilentMs} ms")]
    public static partial void BrokerExpired(ILogger logger, string brokerAddr, long silentMs);

    [LoggerMessage(2004, LogLevel.Information, "Broker {BrokerAddr} removed: its connection closed")]
    public static partial void BrokerChannelClosed(ILogger logger, string brokerAddr);

    [LoggerMessage(2005, LogLevel.Information, "Broker group {BrokerName} removed from routes")]
    public static partial void BrokerNameRemoved(ILogger logger, string brokerName);

    [LoggerMessage(2006, LogLevel.Information, "KV config {Action} {Namespace}/{Key}")]
    public static partial void KvChanged(ILogger logger, string action, string @namespace, string key);

    [LoggerMessage(2007, LogLevel.Warning, "Unknown config key {Key} ignored")]
    public static partial void UnknownConfigKey(ILogger logger, string key);

    [LoggerMessage(2008, LogLevel.Information, "Name server config updated: {Changes}")]
    public static partial void ConfigUpdated(ILogger logger, string changes);

    [LoggerMessage(2009, LogLevel.Information, "Topic {Topic} deleted from routes")]
    public static partial void TopicDeleted(ILogger logger, string topic);

    [LoggerMessage(2010, LogLevel.Information, "Write permission wiped on broker {BrokerName}: {Count} topics")]
    public static partial void WritePermWiped(ILogger logger, string brokerName, int count);

    [LoggerMessage(2011, LogLevel.Information, "The Name Server shut down")]
    public static partial void Shutdown(ILogger logger);

    [LoggerMessage(2012, LogLevel.Error, "Scan for inactive brokers failed")]
    public static partial void ScanFailed(ILogger logger, Exception exception);
}
