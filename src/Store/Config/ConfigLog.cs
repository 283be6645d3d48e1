using Microsoft.Extensions.Logging;
using RocketMQ.Common.Replication;

namespace RocketMQ.Store.Config;

/// <summary>Log events of the configuration state machine (EventIds 4200–4299).</summary>
internal static partial class ConfigLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Error,
        Message = "Config record of kind {Kind} ({Length} bytes) does not decode; skipped on every replica")]
    public static partial void MalformedCommand(this ILogger logger, RecordKind kind, int length);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Topic {Topic} created: {Config}")]
    public static partial void TopicCreated(this ILogger logger, string topic, TopicConfig config);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information,
        Message = "Topic {Topic} updated from {Old} to {Config}")]
    public static partial void TopicUpdated(this ILogger logger, string topic, TopicConfig old, TopicConfig config);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information,
        Message = "Topic {Topic} deleted with the offsets of {GroupCount} groups")]
    public static partial void TopicDeleted(this ILogger logger, string topic, int groupCount);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning,
        Message = "Delete of topic {Topic}, which has no configuration; {GroupCount} groups' offsets removed")]
    public static partial void UnknownTopicDeleted(this ILogger logger, string topic, int groupCount);

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information,
        Message = "Subscription group {Group} created: {Config}")]
    public static partial void GroupCreated(this ILogger logger, string group, SubscriptionGroupConfig config);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Information,
        Message = "Subscription group {Group} updated from {Old} to {Config}")]
    public static partial void GroupUpdated(this ILogger logger, string group, SubscriptionGroupConfig old,
        SubscriptionGroupConfig config);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Information,
        Message = "Subscription group {Group} deleted (offsets removed: {RemoveOffsets})")]
    public static partial void GroupDeleted(this ILogger logger, string group, bool removeOffsets);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Warning,
        Message = "Delete of subscription group {Group}, which has no configuration "
            + "(offsets removed: {RemoveOffsets})")]
    public static partial void UnknownGroupDeleted(this ILogger logger, string group, bool removeOffsets);
}
