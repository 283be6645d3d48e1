using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Broker.Admin;
using RocketMQ.Common.Protocol;
using RocketMQ.Common.Replication;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Broker.Tests.Admin;

/// <summary>
/// Every outcome of <see cref="IReplicatedLog.TransferLeadershipAsync"/> and its answer, on a scripted log: an
/// unreachable target and a hand-over that times out depend on timing in a real group (the leader learns a member is
/// unreachable only from a failed heartbeat), so their mapping is pinned here; the group tests cover the rest.
/// </summary>
public sealed class LeadershipTransferOutcomeTests
{
    [Theory]
    [InlineData(TransferStatus.Transferred, ResponseCode.Success,
        "member n1 at 127.0.0.1:30912 now leads broker broker-a")]
    [InlineData(TransferStatus.AlreadyLeader, ResponseCode.Success, "member n1 already leads")]
    [InlineData(TransferStatus.TargetUnavailable, ResponseCode.SlaveNotAvailable,
        "member n1 is not reachable from the leader n0; leadership stays here")]
    [InlineData(TransferStatus.TimedOut, ResponseCode.SystemBusy,
        "the transfer timed out: member n1 did not take over in time")]
    [InlineData(TransferStatus.NotLeader, ResponseCode.ServiceNotAvailable, "the leader is n2 at 127.0.0.1:30913")]
    [InlineData(TransferStatus.UnknownMember, ResponseCode.SystemError, "n0, n1, n2")]
    public async Task Each_outcome_of_the_raft_member_has_its_answer(TransferStatus status, int code, string remark)
    {
        var log = new ScriptedTransferLog(status);
        var options = new BrokerOptions { DLegerPeers = "n0-127.0.0.1:30001;n1-127.0.0.1:30002;n2-127.0.0.1:30003" };
        options.Validate();
        var context = new BrokerContext(options, null!, log, TimeProvider.System, NullLoggerFactory.Instance);
        var processor = new LeadershipTransferProcessor(context);

        var response = await processor.ProcessAsync(LeadershipTransferTests.Transfer("n1"), new NoChannel(),
            CancellationToken.None);

        Assert.Equal((code, "n1"), (response!.Code, log.AskedFor));
        Assert.Contains(remark, response.Remark);
    }

    /// <summary>A leader whose transfer ends as scripted; after a NotLeader outcome it follows n2.</summary>
    private sealed class ScriptedTransferLog(TransferStatus outcome) : IReplicatedLog
    {
        public string? AskedFor { get; private set; }

        public string SelfId => "n0";

        public ReplicaState State { get; private set; } = new(ReplicaRole.Leader, 3, "n0", "127.0.0.1:30911");

        public long LastAppliedIndex => 0;

        public event Action<ReplicaState>? RoleChanged;

        public Task<TransferStatus> TransferLeadershipAsync(string memberId, CancellationToken token)
        {
            AskedFor = memberId;
            State = outcome switch
            {
                TransferStatus.Transferred => new(ReplicaRole.Follower, 4, memberId, "127.0.0.1:30912"),
                TransferStatus.NotLeader => new(ReplicaRole.Follower, 4, "n2", "127.0.0.1:30913"),
                _ => State,
            };
            RoleChanged?.Invoke(State);
            return Task.FromResult(outcome);
        }

        public ValueTask<AppendResult> AppendAsync(RecordKind kind, ReadOnlyMemory<byte> payload, object? applyContext,
            CancellationToken token) => throw new NotSupportedException();

        public ValueTask<ReadResult> ReadAsync<TVisitor>(long fromIndex, long maxBytes, TVisitor visitor,
            CancellationToken token)
            where TVisitor : IEntryVisitor => throw new NotSupportedException();

        public Task<bool> ResignAsync(CancellationToken token) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class NoChannel : IRemotingChannel
    {
        public long Id => 1;

        public string RemoteAddress => "127.0.0.1:40000";

        public string LocalAddress => "127.0.0.1:30911";

        public bool IsActive => true;

        public CancellationToken Closed => CancellationToken.None;

        public ValueTask SendAsync(RemotingCommand command, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<RemotingCommand> InvokeAsync(RemotingCommand request, TimeSpan timeout,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask InvokeOnewayAsync(RemotingCommand request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public void Close(string reason)
        {
        }
    }
}
