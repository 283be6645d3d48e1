using DotNext.Net.Cluster.Consensus.Raft;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger.Commit;
using RocketMQ.DLedger.StateMachine;

namespace RocketMQ.DLedger;

/// <summary>The write path: records → group committer → one Raft entry per batch.</summary>
public sealed partial class DLedgerNode
{
    private static readonly TimeSpan DiskCheckInterval = TimeSpan.FromSeconds(1);
    private long _nextDiskCheckTicks;
    private volatile bool _diskFull;

    public ValueTask<AppendResult> AppendAsync(RecordKind kind, ReadOnlyMemory<byte> payload, object? applyContext,
        CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        if (_logFailure is not null || _diskFull || _lifetime.IsCancellationRequested)
        {
            return ValueTask.FromResult(AppendResult.Failed(AppendStatus.Unavailable, _state.LeaderId));
        }

        var state = _state;
        if (!state.IsLeader || _cluster.LeadershipToken.IsCancellationRequested)
        {
            return ValueTask.FromResult(AppendResult.Failed(AppendStatus.NotLeader, state.LeaderId));
        }

        return _committer.AppendAsync(kind, payload.Span, applyContext);
    }

    /// <summary>Replicates one sealed batch; the applier completes its waiters when the entry commits.</summary>
    private async Task ReplicateBatchAsync(PendingBatch batch)
    {
        var leadership = _cluster.LeadershipToken;
        if (leadership.IsCancellationRequested)
        {
            batch.Fail(AppendStatus.NotLeader, _state.LeaderId);
            return;
        }

        if (IsDiskFull())
        {
            batch.Fail(AppendStatus.Unavailable, null);
            _ = ResignAsync(CancellationToken.None);
            return;
        }

        batch.Term = Term;
        var entry = new BinaryLogEntry
        {
            Term = batch.Term,
            Content = batch.Payload,
            CommandId = EntryCommand.RecordBatch,
            Context = batch,
        };

        try
        {
            await _cluster.ReplicateAsync(entry, _lifetime.Token).ConfigureAwait(false);
        }
        catch (NotLeaderException)
        {
            // The entry may be in the log already: the next leader may commit it, or it may be overwritten.
            batch.Fail(AppendStatus.OutcomeUnknown, _state.LeaderId);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            batch.Fail(AppendStatus.OutcomeUnknown, null);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            OnLogFailure(error);
            batch.Fail(AppendStatus.OutcomeUnknown, null);
        }
    }

    /// <summary>
    /// Checks free space of the log's volume at most once a second. Below the threshold the member refuses appends
    /// and gives up leadership, so a full disk is a reported state instead of a failed write inside the WAL.
    /// </summary>
    private bool IsDiskFull()
    {
        var now = Environment.TickCount64;
        if (now < Volatile.Read(ref _nextDiskCheckTicks))
        {
            return _diskFull;
        }

        Volatile.Write(ref _nextDiskCheckTicks, now + (long)DiskCheckInterval.TotalMilliseconds);
        var free = FreeDiskBytes();
        var full = free < _options.MinFreeDiskBytes;
        if (full && !_diskFull)
        {
            DLedgerLog.DiskFull(_logger, free, _options.MinFreeDiskBytes, _options.StoragePath);
        }

        _diskFull = full;
        return full;
    }

    /// <summary>Free bytes on the volume holding the log; tests replace it to simulate a full disk.</summary>
    internal Func<long> FreeDiskBytes { get; set; }

    private long ReadFreeDiskBytes()
    {
        try
        {
            return new DriveInfo(_options.StoragePath).AvailableFreeSpace;
        }
        catch (IOException)
        {
            // Unknown is treated as enough: the WAL's own write errors still stop the log cleanly.
            return long.MaxValue;
        }
    }

    private void OnLogFailure(Exception error)
    {
        if (Interlocked.CompareExchange(ref _logFailure, error, null) is null)
        {
            DLedgerLog.LogFailed(_logger, error);
            _committer.FailQueued(AppendStatus.Unavailable, null);
            Publish(_state);
        }
    }
}
