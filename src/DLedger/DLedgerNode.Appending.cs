using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
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
        if (_logFailure is not null || IsDiskFull() || _lifetime.IsCancellationRequested)
        {
            return ValueTask.FromResult(AppendResult.Failed(AppendStatus.Unavailable, _state.LeaderId));
        }

        var state = _state;
        if (!state.IsLeader || !IsLeading())
        {
            return ValueTask.FromResult(AppendResult.Failed(AppendStatus.NotLeader, state.LeaderId));
        }

        return _committer.AppendAsync(kind, payload.Span, applyContext);
    }

    /// <summary>Replicates one sealed batch; the applier completes its waiters when the entry commits.</summary>
    private async Task ReplicateBatchAsync(PendingBatch batch)
    {
        if (!IsLeading())
        {
            batch.Fail(AppendStatus.NotLeader, _state.LeaderId);
            return;
        }

        if (IsDiskFull())
        {
            batch.Fail(AppendStatus.Unavailable, null);
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

    /// <summary>Whether DotNext currently considers this member the leader (false once its log has failed).</summary>
    private bool IsLeading()
    {
        try
        {
            return !_cluster.LeadershipToken.IsCancellationRequested;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // DotNext throws here once the node is a "zombie" (its log failed): report it and answer no.
            OnLogFailure(error);
            return false;
        }
    }

    /// <summary>
    /// Checks free space of the log's volume at most once a second. Below <c>dLegerMinFreeDiskBytes</c> the member
    /// refuses appends, refuses entries replicated to it, and goes to standby (it gives up leadership and does not
    /// campaign), so a full disk is a reported state instead of a failed write inside the WAL; it rejoins and
    /// catches up once space is back.
    /// </summary>
    private bool IsDiskFull()
    {
        var now = Environment.TickCount64;
        if (now < Volatile.Read(ref _nextDiskCheckTicks))
        {
            return _diskFull;
        }

        Volatile.Write(ref _nextDiskCheckTicks, now + (long)DiskCheckInterval.TotalMilliseconds);
        var free = _freeDiskBytes();
        var full = free < _options.MinFreeDiskBytes;
        if (full != _diskFull)
        {
            _diskFull = full;
            _log.RefuseReplicatedWrites = full;
            if (full)
            {
                DLedgerLog.DiskFull(_logger, free, _options.MinFreeDiskBytes, _options.StoragePath);
                _committer.FailQueued(AppendStatus.Unavailable, null);
            }

            _ = ApplyDiskStateAsync(full);
        }

        return full;
    }

    private async Task ApplyDiskStateAsync(bool full)
    {
        try
        {
            if (full)
            {
                await _cluster.EnableStandbyModeAsync(_lifetime.Token).ConfigureAwait(false);
            }
            else
            {
                await LeaveStandbyIfHealthyAsync().ConfigureAwait(false);
            }

            Publish(_state with { Role = full ? ReplicaRole.Standby : ReplicaRole.Follower });
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Once a second: re-checks free space (so a member out of space notices when space returns) and whether the WAL
    /// is still healthy — a failed flush or a state machine that threw stops DotNext's applier silently on a
    /// follower, and such a member must not stay a voting, possibly leading member.
    /// </summary>
    private async Task MonitorHealthAsync()
    {
        using var timer = new PeriodicTimer(DiskCheckInterval);
        while (await timer.WaitForNextTickAsync(_lifetime.Token).ConfigureAwait(false))
        {
            IsDiskFull();
            if (_logFailure is null)
            {
                await ProbeLogAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task ProbeLogAsync()
    {
        try
        {
            // An empty range: DotNext reports a failed background task here without taking any lock.
            using var empty = await _log.ReadAsync(1, 0, _lifetime.Token).ConfigureAwait(false);
        }
        catch (WriteAheadLog.InternalException error)
        {
            OnLogFailure(error);
        }
    }

    private Func<long> _freeDiskBytes;

    /// <summary>Free bytes on the volume holding the log; tests replace it to simulate a full disk (the next
    /// append or monitor tick re-checks at once).</summary>
    internal Func<long> FreeDiskBytes
    {
        get => _freeDiskBytes;
        set
        {
            _freeDiskBytes = value;
            Volatile.Write(ref _nextDiskCheckTicks, 0);
        }
    }

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

    /// <summary>Every path that finds the log failed ends here: refuse appends, report standby, stop taking part
    /// in elections (a member that cannot apply must not lead or keep a healthy leader busy).</summary>
    private void OnLogFailure(Exception error)
    {
        if (Interlocked.CompareExchange(ref _logFailure, error, null) is null)
        {
            DLedgerLog.LogFailed(_logger, error);
            _committer.FailQueued(AppendStatus.Unavailable, null);
            Publish(_state);
            _ = EnterStandbyAfterFailureAsync();
        }
    }

    private async Task EnterStandbyAfterFailureAsync()
    {
        try
        {
            await _cluster.EnableStandbyModeAsync(_lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping anyway.
        }
    }

    /// <summary>
    /// Leaves standby (after a transfer hold or once disk space is back) unless the member still must not take part:
    /// a failed log or a full disk keeps it in standby whichever path put it there.
    /// </summary>
    private async Task LeaveStandbyIfHealthyAsync()
    {
        if (_logFailure is null && !_diskFull)
        {
            await _cluster.RevertToNormalModeAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
