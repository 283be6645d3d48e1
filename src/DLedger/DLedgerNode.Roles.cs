using System.Threading.Channels;
using DotNext.Net.Cluster.Consensus.Raft;
using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger;

/// <summary>Role tracking: DotNext's leader-change events turned into ordered <see cref="ReplicaState"/> announcements.</summary>
public sealed partial class DLedgerNode
{
    private readonly Channel<RaftClusterMember?> _roleEvents =
        Channel.CreateUnbounded<RaftClusterMember?>(new UnboundedChannelOptions { SingleReader = true });

    private CancellationTokenSource _pendingRoleWork = new();
    private readonly Lock _publishGate = new();
    private Task _roleLoop = Task.CompletedTask;

    private long Term => ((IPersistentState)_log).Term;

    private void OnLeaderChanged(RaftCluster<RaftClusterMember> cluster, RaftClusterMember? leader)
    {
        // A newer event makes any slow work for the previous one (apply barrier, metadata fetch) pointless.
        try
        {
            Volatile.Read(ref _pendingRoleWork).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop already moved on to a newer event.
        }

        _roleEvents.Writer.TryWrite(leader);
    }

    private async Task ProcessRoleChangesAsync()
    {
        await foreach (var leader in _roleEvents.Reader.ReadAllAsync(_lifetime.Token).ConfigureAwait(false))
        {
            var previous = Interlocked.Exchange(ref _pendingRoleWork,
                CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token));
            previous.Dispose();
            if (_roleEvents.Reader.TryPeek(out _))
            {
                continue;
            }

            try
            {
                var state = await DescribeAsync(leader, _pendingRoleWork.Token).ConfigureAwait(false);
                if (state is not null)
                {
                    Publish(state);
                }
            }
            catch (OperationCanceledException)
            {
                // Superseded by a newer leader change, or stopping.
            }
        }
    }

    private async Task<ReplicaState?> DescribeAsync(RaftClusterMember? leader, CancellationToken token)
    {
        if (leader is null)
        {
            return new ReplicaState(ReplicaRole.Follower, Term, null, null);
        }

        var leaderId = IdOf(leader.EndPoint);
        if (!leader.IsRemote)
        {
            // Announce leadership only once everything committed before this term is applied (issue 5: a new
            // leader registers as master only with complete projections).
            var leadership = await _cluster.WaitForLeadershipAsync(token).ConfigureAwait(false);
            return leadership.IsCancellationRequested
                ? null
                : new ReplicaState(ReplicaRole.Leader, Term, SelfId, _options.ClientAddress);
        }

        string? address = null;
        try
        {
            var metadata = await leader.GetMetadataAsync(refresh: false, token).ConfigureAwait(false);
            metadata.TryGetValue(ClientAddressKey, out address);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            DLedgerLog.LeaderMetadataUnavailable(_logger, leaderId ?? leader.EndPoint.ToString()!, error);
        }

        return new ReplicaState(ReplicaRole.Follower, Term, leaderId, address);
    }

    private void Publish(ReplicaState state)
    {
        // Called from the role loop, the disk monitor and failure paths: one at a time, so announcements keep order.
        lock (_publishGate)
        {
            if (_logFailure is not null || _diskFull)
            {
                state = state with { Role = ReplicaRole.Standby };
            }
            else if (state.Role == ReplicaRole.Standby)
            {
                state = state with { Role = ReplicaRole.Follower };
            }

            if (state == _state)
            {
                return;
            }

            _state = state;
            DLedgerLog.RoleChanged(_logger, SelfId, state.Role.ToString(), state.Term, state.LeaderId);
            if (!state.IsLeader)
            {
                // Records still queued here can never be appended by this member.
                _committer.FailQueued(AppendStatus.NotLeader, state.LeaderId);
            }

            RoleChanged?.Invoke(state);
        }
    }
}
