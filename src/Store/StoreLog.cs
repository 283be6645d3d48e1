using Microsoft.Extensions.Logging;

namespace RocketMQ.Store;

/// <summary>The store's log events (EventIds 4000–4099; Index uses 4100–4199, Config 4200–4299).</summary>
internal static partial class StoreLog
{
    [LoggerMessage(4000, LogLevel.Information,
        "Store opened at {Root}: checkpoint index {Index} ({Source}), {Queues} queues, {Topics} topics")]
    public static partial void Opened(ILogger logger, string root, long index, string source, int queues, int topics);

    [LoggerMessage(4001, LogLevel.Error,
        "Log entry {Index} record {Ordinal} refused, nothing of it applied: {Reason}")]
    public static partial void RecordRefused(ILogger logger, long index, int ordinal, string reason);

    [LoggerMessage(4002, LogLevel.Warning, "Log entry {Index} record {Ordinal} has unknown kind {Kind}; skipped")]
    public static partial void UnknownRecordKind(ILogger logger, long index, int ordinal, int kind);

    [LoggerMessage(4003, LogLevel.Error,
        "ConsumeQueue {Topic}/{QueueId} unit at offset {QueueOffset} is damaged (commit-log offset {CommitLogOffset}, "
        + "size {Size}); not served")]
    public static partial void CorruptUnit(ILogger logger, string topic, int queueId, long queueOffset,
        long commitLogOffset, int size);

    [LoggerMessage(4004, LogLevel.Error,
        "Message {Topic}/{QueueId}@{QueueOffset} at commit-log offset {CommitLogOffset} failed its integrity checks; "
        + "not served")]
    public static partial void CorruptMessage(ILogger logger, string topic, int queueId, long queueOffset,
        long commitLogOffset);

    [LoggerMessage(4005, LogLevel.Error, "Writing the store checkpoint failed; the previous one stays in force")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(4006, LogLevel.Warning, "Store checkpoint {Path} is unusable ({Reason}); trying older state")]
    public static partial void CheckpointUnusable(ILogger logger, string path, string reason);

    [LoggerMessage(4007, LogLevel.Information,
        "Retention boundary moved to index {Index} ({Reason}): {QueueFiles} queue files, {IndexFiles} index files "
        + "deleted")]
    public static partial void RetentionMoved(ILogger logger, long index, string reason, int queueFiles,
        int indexFiles);

    [LoggerMessage(4008, LogLevel.Warning, "Disk {Usage:P1} used under {Root}: {State}")]
    public static partial void DiskUsage(ILogger logger, double usage, string root, string state);

    [LoggerMessage(4009, LogLevel.Information, "Snapshot at index {Index} (term {Term}) installed: {Queues} queues")]
    public static partial void SnapshotInstalled(ILogger logger, long index, long term, int queues);

    [LoggerMessage(4010, LogLevel.Error, "Store background task {Task} failed; it will run again")]
    public static partial void BackgroundFailed(ILogger logger, string task, Exception exception);

    [LoggerMessage(4011, LogLevel.Warning, "Key query for {Topic}#{Key} met a damaged Index file; results may be "
        + "incomplete (every returned message was verified)")]
    public static partial void IndexDamaged(ILogger logger, string topic, string key);

    [LoggerMessage(4012, LogLevel.Error, "Index files in {Directory} are damaged ({Reason}); discarded, the index "
        + "starts empty and keys of messages stored before now are not found")]
    public static partial void IndexDiscarded(ILogger logger, string directory, string reason);

    [LoggerMessage(4013, LogLevel.Warning,
        "ConsumeQueue {Topic}/{QueueId}: {Count} units from offset {FirstOffset} re-derived from the log")]
    public static partial void UnitsRepaired(ILogger logger, string topic, int queueId, long firstOffset, int count);

    [LoggerMessage(4014, LogLevel.Error,
        "ConsumeQueue {Topic}/{QueueId} unit at offset {QueueOffset} cannot be repaired from the log: {Reason}")]
    public static partial void RepairImpossible(ILogger logger, string topic, int queueId, long queueOffset,
        string reason);
}
