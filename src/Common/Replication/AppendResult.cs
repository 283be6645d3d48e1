namespace RocketMQ.Common.Replication;

/// <summary>The outcome of <see cref="IReplicatedLog.AppendAsync"/>.</summary>
public enum AppendStatus
{
    /// <summary>Committed on a majority and applied on the leader; <see cref="AppendResult.Index"/> is valid.</summary>
    Committed,

    /// <summary>This member does not lead; nothing was appended. Retry on <see cref="AppendResult.LeaderId"/>.</summary>
    NotLeader,

    /// <summary>
    /// Leadership was lost after the record entered the log: it may still commit under the next leader, or vanish.
    /// Callers retry (at-least-once, as RocketMQ producers do).
    /// </summary>
    OutcomeUnknown,

    /// <summary>The record is larger than the log accepts (<c>maxBatchBytes</c>); nothing was appended.</summary>
    TooLarge,

    /// <summary>The local log cannot take writes (disk full, storage failure, shutting down); nothing appended.</summary>
    Unavailable,
}

/// <summary>The outcome of one append.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Index">Raft index of the entry holding the record (valid when committed).</param>
/// <param name="Term">Term of that entry (valid when committed).</param>
/// <param name="Ordinal">Position of the record inside its entry, from 0 (valid when committed).</param>
/// <param name="LeaderId">The leader known to this member, as a hint for <see cref="AppendStatus.NotLeader"/>.</param>
public readonly record struct AppendResult(AppendStatus Status, long Index, long Term, int Ordinal, string? LeaderId)
{
    public bool IsCommitted => Status == AppendStatus.Committed;

    public static AppendResult Failed(AppendStatus status, string? leaderId) => new(status, 0, 0, 0, leaderId);
}

/// <summary>The outcome of <see cref="IReplicatedLog.ReadAsync{TVisitor}"/>.</summary>
public enum ReadStatus
{
    /// <summary>At least one entry was visited.</summary>
    Found,

    /// <summary><c>fromIndex</c> is past the last applied index: nothing to read yet.</summary>
    NotYetApplied,

    /// <summary><c>fromIndex</c> is at or below the retention boundary: those entries are deleted.</summary>
    BelowRetention,
}

/// <summary>What a read visited.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="NextIndex">The index to read from next.</param>
/// <param name="EntriesVisited">How many entries the visitor saw.</param>
public readonly record struct ReadResult(ReadStatus Status, long NextIndex, int EntriesVisited);

/// <summary>The outcome of <see cref="IReplicatedLog.TransferLeadershipAsync"/>.</summary>
public enum TransferStatus
{
    /// <summary>The target now leads.</summary>
    Transferred,

    /// <summary>The target already led.</summary>
    AlreadyLeader,

    /// <summary>This member does not lead, so it cannot hand leadership over.</summary>
    NotLeader,

    /// <summary>No member has that id.</summary>
    UnknownMember,

    /// <summary>The target is not reachable from the leader; leadership stayed where it was.</summary>
    TargetUnavailable,

    /// <summary>The target did not take over in time (unreachable or behind); a normal election followed.</summary>
    TimedOut,
}
