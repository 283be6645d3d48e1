using Microsoft.Extensions.Logging;

namespace RocketMQ.Broker.Consuming;

/// <summary>The consuming area's log events (EventIds 5200–5299).</summary>
internal static partial class ConsumeLog
{
    [LoggerMessage(5200, LogLevel.Information, "Subscription group {Group} created on first use")]
    public static partial void GroupCreated(ILogger logger, string group);

    [LoggerMessage(5201, LogLevel.Warning, "Subscription group {Group} not created (served with defaults): {Reason}")]
    public static partial void GroupNotCreated(ILogger logger, string group, string reason);

    [LoggerMessage(5202, LogLevel.Warning, "Retry topic {Topic} not created: {Reason}")]
    public static partial void RetryTopicNotCreated(ILogger logger, string topic, string reason);

    [LoggerMessage(5203, LogLevel.Warning, "{Count} consumer offset(s) not replicated ({Status}): {Remark}")]
    public static partial void OffsetFlushFailed(ILogger logger, int count, string status, string remark);

    [LoggerMessage(5204, LogLevel.Information, "Consumer group {Group} changed: {Members} member(s) online")]
    public static partial void ConsumerIdsChanged(ILogger logger, string group, int members);

    [LoggerMessage(5205, LogLevel.Warning, "Client {Client} dropped: no heartbeat for {TimeoutMs} ms or channel gone")]
    public static partial void ClientExpired(ILogger logger, string client, int timeoutMs);

    [LoggerMessage(5206, LogLevel.Debug, "NOTIFY_CONSUMER_IDS_CHANGED for {Group} to {Address} not sent: {Reason}")]
    public static partial void NotifyFailed(ILogger logger, string group, string address, string reason);

    [LoggerMessage(5207, LogLevel.Information,
        "Pull offset moved: group {Group} queue {Topic}:{QueueId} asked {Requested}, next {Next} ({Status})")]
    public static partial void PullOffsetMoved(ILogger logger, string group, string topic, int queueId,
        long requested, long next, string status);

    [LoggerMessage(5208, LogLevel.Information,
        "Queue lock {Topic}:{QueueId} of group {Group} taken by {Client} (previous holder {Previous})")]
    public static partial void LockTaken(ILogger logger, string group, string topic, int queueId, string client,
        string previous);

    [LoggerMessage(5209, LogLevel.Debug, "Held pull answer to {Address} not sent: {Reason}")]
    public static partial void HeldPullNotAnswered(ILogger logger, string address, string reason);

    [LoggerMessage(5210, LogLevel.Error, "A held pull of {Topic}:{QueueId} failed when woken")]
    public static partial void HeldPullFailed(ILogger logger, Exception exception, string topic, int queueId);

    [LoggerMessage(5211, LogLevel.Information, "Client {Client} unregistered from {Kind} group {Group}")]
    public static partial void ClientUnregistered(ILogger logger, string client, string kind, string group);

    [LoggerMessage(5212, LogLevel.Warning, "Client housekeeping failed")]
    public static partial void HousekeepingFailed(ILogger logger, Exception exception);

    [LoggerMessage(5213, LogLevel.Warning, "Consumer offset flush failed; the next round retries")]
    public static partial void OffsetFlushError(ILogger logger, Exception exception);

    [LoggerMessage(5214, LogLevel.Warning, "Held pull check failed; the next round retries")]
    public static partial void HoldCheckFailed(ILogger logger, Exception exception);
}
