using Microsoft.Extensions.Logging;

namespace RocketMQ.Broker.Admin;

/// <summary>The admin area's log events (EventIds 5300–5399).</summary>
internal static partial class AdminLog
{
    [LoggerMessage(5300, LogLevel.Information,
        "Topic {Topic} created or updated by {Client}: read {ReadQueueNums}, write {WriteQueueNums}, perm {Perm}")]
    public static partial void TopicUpdated(ILogger logger, string topic, string client, int readQueueNums,
        int writeQueueNums, int perm);

    [LoggerMessage(5301, LogLevel.Information, "Topic {Topic} deleted by {Client}")]
    public static partial void TopicDeleted(ILogger logger, string topic, string client);

    [LoggerMessage(5302, LogLevel.Information, "Subscription group {Group} created or updated by {Client}")]
    public static partial void GroupUpdated(ILogger logger, string group, string client);

    [LoggerMessage(5303, LogLevel.Information,
        "Subscription group {Group} deleted by {Client} (offsets removed: {RemoveOffsets})")]
    public static partial void GroupDeleted(ILogger logger, string group, string client, bool removeOffsets);

    [LoggerMessage(5304, LogLevel.Information, "Broker config updated by {Client}: {Keys}")]
    public static partial void ConfigUpdated(ILogger logger, string client, string keys);

    [LoggerMessage(5305, LogLevel.Warning, "Admin request {Code} from {Client} refused: {Remark}")]
    public static partial void Refused(ILogger logger, int code, string client, string remark);

    [LoggerMessage(5306, LogLevel.Warning, "Broker permission change not advertised: {Reason}")]
    public static partial void PermissionNotAdvertised(ILogger logger, string reason);

    [LoggerMessage(5307, LogLevel.Information, "Leadership transfer to {Target} requested by {Client}: {Status}")]
    public static partial void LeadershipTransferred(ILogger logger, string target, string client,
        Common.Replication.TransferStatus status);
}
