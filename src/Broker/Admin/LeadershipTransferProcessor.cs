using System.Globalization;
using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Consuming.Offsets;
using RocketMQ.Common.Protocol;
using RocketMQ.Common.Replication;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Admin;

/// <summary>
/// LEADERSHIP_TRANSFER (30001, ours; see <see cref="RequestCode.LeadershipTransfer"/>): hands the group's Raft
/// leadership to the member named by <c>targetId</c>, as DLedger's admin transfer does, so the name servers' master
/// moves with it (registration follows the role). Sent to the current leader; answered SUCCESS once the target leads.
/// </summary>
/// <remarks>
/// Answers: SUCCESS (the target leads now, or already led); SYSTEM_ERROR for an id that is no member (the remark lists
/// the members); SERVICE_NOT_AVAILABLE off the leader (the remark names the leader and its address);
/// SLAVE_NOT_AVAILABLE when the leader cannot reach the target; SYSTEM_BUSY when the target did not take over in time.
/// Transfers run one at a time (the Raft member serialises them); sends wait while one runs.
/// </remarks>
internal sealed class LeadershipTransferProcessor(BrokerContext context) : IRequestProcessor
{
    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<LeadershipTransferProcessor>();
    private readonly string[] _memberIds = [.. context.Options.ToDLedgerOptions().PeerList.Select(p => p.Id)];

    public static int[] Codes => [RequestCode.LeadershipTransfer];

    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken)
    {
        var targetId = request.DecodeHeader<LeadershipTransferRequestHeader>().TargetId;
        if (Array.IndexOf(_memberIds, targetId) < 0)
        {
            return UnknownMember(request, channel, targetId);
        }

        if (AdminResponses.RefuseUnlessLeader(context, request, channel, _logger) is { } notLeader)
        {
            return notLeader;
        }

        if (targetId == context.Log.SelfId)
        {
            return Succeeded(request, channel, targetId, TransferStatus.AlreadyLeader);
        }

        // Architecture decision 5: coalesced consumer offsets go through the log before a planned transfer, so the
        // new leader re-delivers nothing that was consumed here.
        if (context.Find<ConsumerOffsetService>() is { } offsets)
        {
            await offsets.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        var status = await context.Log.TransferLeadershipAsync(targetId, cancellationToken).ConfigureAwait(false);
        return status switch
        {
            TransferStatus.Transferred or TransferStatus.AlreadyLeader => Succeeded(request, channel, targetId, status),
            TransferStatus.UnknownMember => UnknownMember(request, channel, targetId),
            TransferStatus.NotLeader => AdminResponses.RefuseUnlessLeader(context, request, channel, _logger)
                ?? AdminResponses.Refuse(request, channel, _logger, ResponseCode.ServiceNotAvailable,
                    $"leadership changed while the transfer to {targetId} started; find the leader and retry"),
            TransferStatus.TargetUnavailable => AdminResponses.Refuse(request, channel, _logger,
                ResponseCode.SlaveNotAvailable,
                $"member {targetId} is not reachable from the leader {context.Log.SelfId}; leadership stays here. "
                + $"Start {targetId} (or heal its network), let it catch up, then retry"),
            _ => AdminResponses.Refuse(request, channel, _logger, ResponseCode.SystemBusy, TimedOutRemark(targetId)),
        };
    }

    private RemotingCommand Succeeded(RemotingCommand request, IRemotingChannel channel, string targetId,
        TransferStatus status)
    {
        AdminLog.LeadershipTransferred(_logger, targetId, channel.RemoteAddress, status);
        var state = context.Log.State;
        var address = state.LeaderId == targetId && state.LeaderAddress is { } known ? $" at {known}" : "";
        return RemotingCommand.CreateResponse(request, ResponseCode.Success, status == TransferStatus.AlreadyLeader
            ? $"member {targetId}{address} already leads broker {context.Options.BrokerName}"
            : $"member {targetId}{address} now leads broker {context.Options.BrokerName}");
    }

    private RemotingCommand UnknownMember(RemotingCommand request, IRemotingChannel channel, string targetId) =>
        AdminResponses.Refuse(request, channel, _logger, ResponseCode.SystemError,
            $"broker {context.Options.BrokerName} has no member '{targetId}'; targetId must be the dLegerSelfId of "
            + $"one of its members: {string.Join(", ", _memberIds)}");

    private string TimedOutRemark(string targetId)
    {
        var state = context.Log.State;
        var leader = state.LeaderId is null
            ? "an election is in progress"
            : $"the leader is now {state.LeaderId}{(state.LeaderAddress is { } address ? " at " + address : "")}";
        return string.Create(CultureInfo.InvariantCulture,
            $"the transfer timed out: member {targetId} did not take over in time (behind, slow or unreachable) and "
            + $"{leader}; check that {targetId} is running and caught up, then send the transfer to the leader again");
    }
}
