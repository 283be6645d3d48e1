namespace RocketMQ.Common.Replication;

/// <summary>
/// One broker group's replicated commit log, as the layers above Raft see it (architecture decisions 1–3).
/// Records appended on the leader are coalesced into log entries, replicated to a majority, committed and
/// applied in log order to the <see cref="IReplicatedStateMachine"/> on every replica.
/// </summary>
/// <remarks>
/// Thread-safety: every member may be called concurrently. Indexes are Raft log indexes (1-based; 0 = none).
/// Durability: an append reported <see cref="AppendStatus.Committed"/> is on a majority of replicas and has
/// been applied on the leader; it survives the loss (kill -9) of any minority.
/// </remarks>
public interface IReplicatedLog : IAsyncDisposable
{
    /// <summary>This member's id (<c>dLegerSelfId</c>).</summary>
    string SelfId { get; }

    /// <summary>The current role, term and known leader; changes are announced by <see cref="RoleChanged"/>.</summary>
    ReplicaState State { get; }

    /// <summary>Index of the last entry applied to the local state machine; reads never go past it.</summary>
    long LastAppliedIndex { get; }

    /// <summary>
    /// Raised on every change of <see cref="State"/>, on a thread-pool thread, one at a time and in order (handlers
    /// must not block: the next announcement waits for them). A
    /// <see cref="ReplicaRole.Leader"/> state is announced only after this member has applied every entry
    /// committed before its term began, so a new leader's projections are complete when handlers run.
    /// </summary>
    event Action<ReplicaState>? RoleChanged;

    /// <summary>
    /// Appends one record. Concurrent appends are coalesced into one log entry (group commit); the result
    /// arrives when that entry is committed and applied on this (leader) member. While the entry is applied on
    /// the leader, the state machine sees <paramref name="applyContext"/> on the record and may write its
    /// results (offsets, ids) into it before this call completes.
    /// </summary>
    /// <param name="kind">Record kind chosen by the state machine's owner; see <see cref="RecordKind"/>.</param>
    /// <param name="payload">Record bytes; read before the returned task completes, not retained after.</param>
    /// <param name="applyContext">Optional object handed to the leader's state machine with the record.</param>
    /// <param name="token">Cancels the wait; the record may still commit (the outcome is then unknown).</param>
    ValueTask<AppendResult> AppendAsync(RecordKind kind, ReadOnlyMemory<byte> payload, object? applyContext,
        CancellationToken token);

    /// <summary>
    /// Visits committed entries from <paramref name="fromIndex"/> in order, until <paramref name="visitor"/> returns
    /// <see langword="false"/>, about <paramref name="maxBytes"/> of payload have been visited (at least one entry is
    /// visited when one exists), or the last readable entry is reached. An entry becomes readable when it is handed
    /// to the local state machine (it is committed by then), so whatever the state machine's projections point at
    /// can be read while it applies; nothing uncommitted is ever visited. Entries handed to the visitor are valid only
    /// during the call and are not validated as a whole (see <see cref="ReplicatedEntry"/>); copy what must outlive
    /// the call.
    /// </summary>
    ValueTask<ReadResult> ReadAsync<TVisitor>(long fromIndex, long maxBytes, TVisitor visitor, CancellationToken token)
        where TVisitor : IEntryVisitor;

    /// <summary>Steps down if this member leads; returns whether it did.</summary>
    Task<bool> ResignAsync(CancellationToken token);

    /// <summary>
    /// Moves leadership to <paramref name="memberId"/> (must be called on the leader). New appends wait while
    /// the transfer runs; the target must hold the whole log before the leader steps down.
    /// </summary>
    /// <returns>The outcome; <see cref="TransferStatus.Transferred"/> once the target leads.</returns>
    Task<TransferStatus> TransferLeadershipAsync(string memberId, CancellationToken token);
}

/// <summary>Visits entries for <see cref="IReplicatedLog.ReadAsync{TVisitor}"/>.</summary>
public interface IEntryVisitor
{
    /// <summary>Called once per entry in index order; return <see langword="false"/> to stop.</summary>
    bool Visit(in ReplicatedEntry entry);
}
