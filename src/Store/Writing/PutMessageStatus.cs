namespace RocketMQ.Store.Writing;

/// <summary>The outcome of a put (RocketMQ's <c>PutMessageStatus</c> plus the Raft outcomes the broker maps).</summary>
public enum PutMessageStatus
{
    /// <summary>Committed on a majority and applied: offsets are valid.</summary>
    PutOk,

    /// <summary>The store refuses writes: disk above <c>diskSpaceWarningLevelRatio</c>, log storage failed, or not
    /// started. Nothing was written. RocketMQ: SERVICE_NOT_AVAILABLE.</summary>
    ServiceNotAvailable,

    /// <summary>This replica does not lead its group; nothing was written (retry on the leader).</summary>
    NotLeader,

    /// <summary>Leadership changed after the record entered the log: it may or may not be stored (producers retry,
    /// as RocketMQ's do after a flush-slave timeout).</summary>
    OutcomeUnknown,

    /// <summary>Bad message (topic too long, body too large, empty batch, mixed queues in a batch).</summary>
    MessageIllegal,

    /// <summary>The properties string exceeds 32,767 UTF-8 bytes.</summary>
    PropertiesSizeExceeded,

    /// <summary>The replicated log refused or lost the record unexpectedly (e.g. a corrupt record in the log).</summary>
    UnknownError,
}

/// <summary>The outcome of one put.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Remark">Why, for anything but <see cref="PutMessageStatus.PutOk"/> (goes to the response remark).</param>
/// <param name="QueueOffset">Queue offset of the first message (valid when put).</param>
/// <param name="CommitLogOffset">Commit-log offset of the first message (valid when put).</param>
/// <param name="MessageCount">Messages stored.</param>
/// <param name="StoreTimestamp">The store timestamp written into the messages.</param>
/// <param name="CommitLogOffsets">Commit-log offset of every message of a batch (null for a single message).</param>
/// <param name="LeaderId">For <see cref="PutMessageStatus.NotLeader"/>, the leader this replica knows of.</param>
public sealed record PutMessageResult(PutMessageStatus Status, string? Remark, long QueueOffset, long CommitLogOffset,
    int MessageCount, long StoreTimestamp, long[]? CommitLogOffsets, string? LeaderId)
{
    public bool IsOk => Status == PutMessageStatus.PutOk;

    public static PutMessageResult Failed(PutMessageStatus status, string remark, string? leaderId = null) =>
        new(status, remark, -1, -1, 0, 0, null, leaderId);
}
