using Microsoft.Extensions.Logging;

namespace RocketMQ.Broker;

/// <summary>The broker's log events (EventIds 5000–5099; its modules use 5100 and up).</summary>
internal static partial class BrokerLog
{
    [LoggerMessage(5000, LogLevel.Information,
        "Broker {BrokerName} member {SelfId} started: clients at {Address} (listening on {Port}), store {Root}")]
    public static partial void Started(ILogger logger, string brokerName, string selfId, string address, int port,
        string root);

    [LoggerMessage(5001, LogLevel.Information, "Broker {BrokerName} member {SelfId} stopped")]
    public static partial void Stopped(ILogger logger, string brokerName, string selfId);

    [LoggerMessage(5002, LogLevel.Information,
        "Registered with {Count} name server(s) as brokerId {BrokerId} ({Reason})")]
    public static partial void Registered(ILogger logger, long brokerId, string reason, int count);

    [LoggerMessage(5003, LogLevel.Warning, "Name server {Server} refused the registration: code {Code} {Remark}")]
    public static partial void RegistrationRefused(ILogger logger, string server, int code, string? remark);

    [LoggerMessage(5004, LogLevel.Warning, "Registration with name server {Server} failed: {Reason}")]
    public static partial void RegistrationFailed(ILogger logger, string server, string reason);

    [LoggerMessage(5005, LogLevel.Warning, "System topic {Topic} not created: {Reason}")]
    public static partial void SystemTopicNotCreated(ILogger logger, string topic, string reason);

    [LoggerMessage(5006, LogLevel.Warning, "Unknown broker config key {Key} ignored")]
    public static partial void UnknownConfigKey(ILogger logger, string key);

    [LoggerMessage(5007, LogLevel.Warning,
        "TEST ONLY - testOnlyAckBeforeCommit=true on broker {BrokerName} member {SelfId}: sends are answered SEND_OK "
        + "BEFORE the Raft log commits them, so a leader crash or partition LOSES ACKNOWLEDGED MESSAGES. This is the "
        + "chaos tests' canary; never run a real broker with it")]
    public static partial void AckBeforeCommitEnabled(ILogger logger, string brokerName, string selfId);
}
