using System.Diagnostics;
using System.Text;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger.StateMachine;

namespace RocketMQ.DLedger;

/// <summary>
/// Leadership transfer and preferred leader. DotNext 6.12 has no targeted transfer, so it is built from standby mode
/// (a member in standby neither leads nor campaigns) with the log itself as the control channel: the leader appends a
/// transfer entry naming the target; every member other than the target that applies it in the same term holds in
/// standby until the target leads (or a hold time passes); the leader, once the target has the whole log, steps
/// into standby too. The target is then the only member that campaigns, and its log is up to date, so it wins.
/// </summary>
public sealed partial class DLedgerNode
{
    private static readonly TimeSpan PreferredLeaderCheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PreferredLeaderBackoff = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _transferGate = new(1, 1);
    private Task _preferredLeaderLoop = Task.CompletedTask;
    private bool _started;

    /// <summary>
    /// How long members hold still for a transfer before they campaign again on their own. The target campaigns
    /// when its election timer fires and wins once the voters' own timers have also run out since the last
    /// heartbeat, which can take two timer periods; four leave room for a loaded machine.
    /// </summary>
    private TimeSpan TransferHold => TimeSpan.FromMilliseconds(4L * _options.ElectionTimeoutMaxMs);

    /// <summary>Whether the leader's last contact with <paramref name="memberId"/> failed (tests, diagnostics).</summary>
    internal bool IsUnreachable(string memberId) =>
        _cluster.Members.FirstOrDefault(m => IdOf(m.EndPoint) == memberId)?.Status == ClusterMemberStatus.Unavailable;

    public Task<bool> ResignAsync(CancellationToken token) => ((ICluster)_cluster).ResignAsync(token).AsTask();

    public async Task<TransferStatus> TransferLeadershipAsync(string memberId, CancellationToken token)
    {
        var target = _cluster.Members.FirstOrDefault(m => IdOf(m.EndPoint) == memberId);
        if (target is null)
        {
            return TransferStatus.UnknownMember;
        }

        if (!_state.IsLeader || !IsLeading())
        {
            return TransferStatus.NotLeader;
        }

        if (!target.IsRemote)
        {
            return TransferStatus.AlreadyLeader;
        }

        if (target.Status == ClusterMemberStatus.Unavailable)
        {
            return TransferStatus.TargetUnavailable;
        }

        await _transferGate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            return await TransferCoreAsync(memberId, token).ConfigureAwait(false);
        }
        finally
        {
            _transferGate.Release();
        }
    }

    private async Task<TransferStatus> TransferCoreAsync(string targetId, CancellationToken token)
    {
        var started = Stopwatch.GetTimestamp();
        var term = Term;
        DLedgerLog.TransferStarted(_logger, targetId, term);
        var standby = false;
        _committer.Pause();
        try
        {
            // Entries in flight settle first, so the transfer entry is the log's last and the target's election
            // can only be won with everything committed so far.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token, _lifetime.Token);
            deadline.CancelAfter(TransferHold);
            await _committer.WhenIdleAsync().WaitAsync(deadline.Token).ConfigureAwait(false);
            await _cluster.ReplicateAsync(new BinaryLogEntry
            {
                Term = term,
                Content = Encoding.UTF8.GetBytes(targetId),
                CommandId = EntryCommand.LeadershipTransfer,
            }, deadline.Token).ConfigureAwait(false);
            // Two full rounds to every reachable member: after the first each holds the transfer entry, the second
            // carries the commit index past it, so the other followers apply it (and hold still) before this member
            // stops sending heartbeats and their election timers can fire.
            await _cluster.ForceReplicationAsync(deadline.Token).ConfigureAwait(false);
            await _cluster.ForceReplicationAsync(deadline.Token).ConfigureAwait(false);
            standby = await _cluster.EnableStandbyModeAsync(deadline.Token).ConfigureAwait(false);
            var moved = await WaitForLeaderAsync(targetId, TransferHold, token).ConfigureAwait(false);
            return Finish(targetId, moved ? TransferStatus.Transferred : TransferStatus.TimedOut, started);
        }
        catch (Exception error) when (error is NotLeaderException or OperationCanceledException &&
                                      !token.IsCancellationRequested)
        {
            if (!standby && IsLeading())
            {
                // The preparation ran out of time (in-flight entries or a replication round too slow); this member
                // never stepped down, so nobody is about to take over.
                return Finish(targetId, TransferStatus.TimedOut, started);
            }

            // Leadership went away mid-transfer: usually because the target already won (it may campaign as soon
            // as the transfer entry has stopped this member's appends); otherwise someone else did.
            var moved = await WaitForLeaderAsync(targetId, TransferHold, token).ConfigureAwait(false);
            return Finish(targetId, moved ? TransferStatus.Transferred : TransferStatus.TimedOut, started);
        }
        finally
        {
            if (standby)
            {
                await LeaveStandbyIfHealthyAsync().ConfigureAwait(false);
            }

            _committer.Resume();
        }
    }

    private TransferStatus Finish(string targetId, TransferStatus status, long started)
    {
        DLedgerLog.TransferFinished(_logger, targetId, status.ToString(),
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return status;
    }

    /// <summary>Applier callback: a transfer entry of the current term makes non-target followers hold still.</summary>
    private void OnTransferCommitted(string targetId, long entryTerm)
    {
        // Old transfer entries re-applied after a restart, or from an earlier term, must not freeze anyone.
        if (!_started || targetId == SelfId || entryTerm != Term || IsLeading())
        {
            return;
        }
        _ = HoldForTransferAsync(targetId);
    }

    private async Task HoldForTransferAsync(string targetId)
    {
        if (!await _cluster.EnableStandbyModeAsync(_lifetime.Token).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var moved = await WaitForLeaderAsync(targetId, TransferHold, _lifetime.Token).ConfigureAwait(false);
            DLedgerLog.TransferHoldEnded(_logger, targetId, moved ? "target leads" : "hold time passed");
        }
        finally
        {
            await LeaveStandbyIfHealthyAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="memberId"/> is the known leader; false after <paramref name="timeout"/>.</summary>
    private async Task<bool> WaitForLeaderAsync(string memberId, TimeSpan timeout, CancellationToken token)
    {
        var led = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(RaftCluster<RaftClusterMember> cluster, RaftClusterMember? leader)
        {
            if (leader is not null && IdOf(leader.EndPoint) == memberId)
            {
                led.TrySetResult();
            }
        }

        _cluster.LeaderChanged += Handler;
        try
        {
            Handler(_cluster, _cluster.Leader);
            await led.Task.WaitAsync(timeout, token).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _cluster.LeaderChanged -= Handler;
        }
    }

    /// <summary>While this member leads and the preferred member is reachable, hands leadership to it.</summary>
    private async Task KeepPreferredLeaderAsync()
    {
        var preferred = _options.PreferredLeaderId!;
        while (!_lifetime.IsCancellationRequested)
        {
            await Task.Delay(PreferredLeaderCheckInterval, _lifetime.Token).ConfigureAwait(false);
            if (preferred == SelfId || !_state.IsLeader)
            {
                continue;
            }

            var status = await TransferLeadershipAsync(preferred, _lifetime.Token).ConfigureAwait(false);
            if (status is TransferStatus.TimedOut)
            {
                await Task.Delay(PreferredLeaderBackoff, _lifetime.Token).ConfigureAwait(false);
            }
        }
    }
}
