using System.Buffers;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger.Commit;

namespace RocketMQ.DLedger.StateMachine;

/// <summary>
/// Drives an <see cref="IReplicatedStateMachine"/> from DotNext's applier: decodes entries, skips what the state
/// machine's checkpoint already reflects (decision 8), hands the leader's apply contexts through, completes the
/// leader's waiters, installs snapshots, and passes leadership-transfer entries to the node.
/// </summary>
/// <remarks>DotNext calls <see cref="IStateMachine.ApplyAsync"/> from one task, in log order, committed entries only.
/// An exception escaping it stops the log, so malformed content is logged and skipped.</remarks>
internal sealed class StateMachineAdapter : IStateMachine
{
    private readonly IReplicatedStateMachine _target;
    private readonly ILogger _logger;
    private readonly long _checkpointAtOpen;
    private SnapshotEntry? _snapshot;

    public StateMachineAdapter(IReplicatedStateMachine target, ILogger logger)
    {
        _target = target;
        _logger = logger;
        _checkpointAtOpen = target.CheckpointIndex;
    }

    /// <summary>Called (on the applier) with the target member id and term of each committed leadership transfer.</summary>
    public Action<string, long>? TransferCommitted { get; set; }

    /// <summary>The index of the last entry this adapter applied or skipped (0 before the first).</summary>
    public long LastHandledIndex
    {
        get => Volatile.Read(ref _lastHandledIndex);
        private set => Volatile.Write(ref _lastHandledIndex, value);
    }

    private long _lastHandledIndex;
    private long _readableIndex;

    /// <summary>
    /// The highest index readers may see: the entry being handed to the state machine is committed, and the state
    /// machine's projections may point at it before <see cref="LastHandledIndex"/> moves.
    /// </summary>
    public long ReadableIndex => Math.Max(Volatile.Read(ref _readableIndex), LastHandledIndex);

    /// <summary>
    /// The state machine's retention snapshot. DotNext replays from the snapshot index on restart, so a snapshot above
    /// the state machine's checkpoint would skip entries its projections never made durable: such a snapshot is held
    /// back (the previous one stays in force) until the checkpoint catches up.
    /// </summary>
    public ISnapshot? Snapshot
    {
        get
        {
            var source = _target.Snapshot;
            var cached = _snapshot;
            if (source is null || (cached is not null && ReferenceEquals(cached.Source, source)))
            {
                return source is null ? null : cached;
            }

            return source.Index <= _target.CheckpointIndex ? _snapshot = new SnapshotEntry(source) : cached;
        }
    }

    public ValueTask ReclaimGarbageAsync(long watermark, CancellationToken token) => ValueTask.CompletedTask;

    public async ValueTask<long> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (entry.IsSnapshot)
        {
            await InstallAsync(entry, token).ConfigureAwait(false);
            return LastHandledIndex = entry.Index;
        }

        if (entry.Index <= _checkpointAtOpen)
        {
            // Decision 8: everything up to the checkpoint is already in the projections; jump past it at once.
            return LastHandledIndex = _checkpointAtOpen;
        }

        switch (entry.CommandId)
        {
            case EntryCommand.RecordBatch:
                await ApplyBatchAsync(entry, token).ConfigureAwait(false);
                break;
            case EntryCommand.LeadershipTransfer:
                ApplyTransfer(entry);
                break;
            default:
                DLedgerLog.UnknownEntryCommand(_logger, entry.Index, entry.CommandId ?? -1);
                break;
        }

        return LastHandledIndex = entry.Index;
    }

    private async ValueTask ApplyBatchAsync(LogEntry entry, CancellationToken token)
    {
        var batch = entry.Context as PendingBatch;
        if (batch is not null && (batch.Term != entry.Term || batch.IsSettled))
        {
            // Another term's entry now sits at this index (or the appenders already gave up): not ours to report.
            batch = null;
        }

        byte[]? rented = null;
        var payload = Contiguous(entry, ref rented);
        try
        {
            if (!RecordBatchFormat.TryValidate(payload.Span, out var recordCount))
            {
                DLedgerLog.MalformedEntry(_logger, entry.Index, payload.Length);
                batch?.Fail(AppendStatus.OutcomeUnknown, null);
                return;
            }

            var replicated = new ReplicatedEntry(entry.Index, entry.Term, payload, recordCount, batch?.Contexts);
            Volatile.Write(ref _readableIndex, entry.Index);
            await _target.ApplyAsync(replicated, token).ConfigureAwait(false);
            batch?.Complete(entry.Index, entry.Term);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void ApplyTransfer(LogEntry entry)
    {
        byte[]? rented = null;
        var payload = Contiguous(entry, ref rented);
        try
        {
            TransferCommitted?.Invoke(System.Text.Encoding.UTF8.GetString(payload.Span), entry.Term);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private async ValueTask InstallAsync(LogEntry entry, CancellationToken token)
    {
        var state = await entry.ToByteArrayAsync(token: token).ConfigureAwait(false);
        await _target.InstallSnapshotAsync(new ReplicaSnapshot(entry.Index, entry.Term, state), token)
            .ConfigureAwait(false);
        DLedgerLog.SnapshotInstalled(_logger, entry.Index, entry.Term, state.Length);
    }

    /// <summary>The entry's payload as one block: entries within one WAL page already are (the usual case, since
    /// batches are smaller than a page); otherwise it is copied into a pooled buffer.</summary>
    private static ReadOnlyMemory<byte> Contiguous(in LogEntry entry, ref byte[]? rented)
    {
        entry.TryGetPayload(out var sequence);
        if (sequence.IsSingleSegment)
        {
            return sequence.First;
        }

        rented = ArrayPool<byte>.Shared.Rent(checked((int)sequence.Length));
        sequence.CopyTo(rented);
        return rented.AsMemory(0, (int)sequence.Length);
    }
}
