namespace RocketMQ.Common.Replication;

/// <summary>
/// What a replicated log drives on every replica (architecture decision 3): committed entries, once each, in
/// log order. Implemented by the Store.
/// </summary>
/// <remarks>
/// <para>Calls to <see cref="ApplyAsync"/> and <see cref="InstallSnapshotAsync"/> never overlap; the properties may be
/// read concurrently with them. An exception thrown from either stops the replica's log (it is treated as a storage
/// failure), so bad record content must be reported and skipped, not thrown.</para>
/// <para>Restart: the log re-offers every entry above <see cref="Snapshot"/>'s index; entries at or below
/// <see cref="CheckpointIndex"/> are skipped by the log without being offered (decision 8).</para>
/// </remarks>
public interface IReplicatedStateMachine
{
    /// <summary>
    /// The highest index whose effects are durable (flushed with the state machine's own checkpoint), or 0.
    /// Read once when the log opens; never above the last index applied.
    /// </summary>
    long CheckpointIndex { get; }

    /// <summary>
    /// The retention boundary (decision 9): entries at or below its index may be deleted from the log, and a
    /// replica that is behind it receives this snapshot instead of the entries. <see langword="null"/> = keep all.
    /// Its index must not exceed <see cref="CheckpointIndex"/> (the log clamps it if it does).
    /// </summary>
    ReplicaSnapshot? Snapshot { get; }

    /// <summary>Applies one committed entry. <paramref name="entry"/>'s memory is valid only during the call.</summary>
    ValueTask ApplyAsync(ReplicatedEntry entry, CancellationToken token);

    /// <summary>
    /// Replaces the local state with <paramref name="snapshot"/> received from the leader because this replica is
    /// behind the leader's retention boundary; afterwards <see cref="Snapshot"/> must return an equal snapshot and
    /// entries continue at <c>snapshot.Index + 1</c>.
    /// </summary>
    ValueTask InstallSnapshotAsync(ReplicaSnapshot snapshot, CancellationToken token);
}

/// <summary>State-machine metadata at a retention boundary.</summary>
/// <param name="Index">The last index the snapshot covers.</param>
/// <param name="Term">The term of the entry at <paramref name="Index"/>.</param>
/// <param name="State">Opaque bytes the state machine needs to continue from <paramref name="Index"/>.</param>
public sealed record ReplicaSnapshot(long Index, long Term, ReadOnlyMemory<byte> State);
