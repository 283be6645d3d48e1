using System.Globalization;
using Microsoft.Extensions.Logging;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Store;
using RocketMQ.Store.Writing;

namespace RocketMQ.Broker.Admin;

/// <summary>The answers the admin processors share: refusals of writes off the leader and store outcomes.</summary>
internal static class AdminResponses
{
    /// <summary>
    /// SERVICE_NOT_AVAILABLE (retriable) when this broker does not lead its group, with a remark naming the leader
    /// if one is known; null on the leader. Java answers a slave SYSTEM_ERROR ("Can't modify topic or subscription
    /// group from slave broker"); here the role can change at any time, so the client is told where to go instead.
    /// </summary>
    public static RemotingCommand? RefuseUnlessLeader(BrokerContext context, RemotingCommand request,
        IRemotingChannel channel, ILogger logger)
    {
        if (context.IsLeader)
        {
            return null;
        }

        return Refuse(request, channel, logger, ResponseCode.ServiceNotAvailable,
            NotLeaderRemark(context, context.Log.State.LeaderId));
    }

    /// <summary>The answer to a config command's outcome (SUCCESS when committed and applied).</summary>
    public static RemotingCommand FromCommand(BrokerContext context, RemotingCommand request, IRemotingChannel channel,
        ILogger logger, CommandResult result, string what)
    {
        var (code, remark) = result.Status switch
        {
            PutMessageStatus.PutOk => (ResponseCode.Success, null),
            PutMessageStatus.NotLeader => (ResponseCode.ServiceNotAvailable,
                NotLeaderRemark(context, result.LeaderId ?? context.Log.State.LeaderId)),
            PutMessageStatus.ServiceNotAvailable => (ResponseCode.ServiceNotAvailable,
                $"{what} failed: {result.Remark}"),
            PutMessageStatus.OutcomeUnknown => (ResponseCode.SystemError,
                $"{what}: {result.Remark}; check and retry"),
            _ => (ResponseCode.SystemError, $"{what} refused: {result.Remark}"),
        };
        return code == ResponseCode.Success
            ? RemotingCommand.CreateResponse(request, code)
            : Refuse(request, channel, logger, code, remark!);
    }

    /// <summary>An error answer, logged with the client's address.</summary>
    public static RemotingCommand Refuse(RemotingCommand request, IRemotingChannel channel, ILogger logger, int code,
        string remark)
    {
        AdminLog.Refused(logger, request.Code, channel.RemoteAddress, remark);
        return RemotingCommand.CreateResponse(request, code, remark);
    }

    private static string NotLeaderRemark(BrokerContext context, string? leaderId)
    {
        var state = context.Log.State;
        var leader = leaderId is null
            ? "no leader is known yet"
            : state.LeaderAddress is { } address && leaderId == state.LeaderId
                ? $"the leader is {leaderId} at {address}"
                : $"the leader is {leaderId}";
        return string.Create(CultureInfo.InvariantCulture,
            $"broker {context.Options.BrokerName} member {context.Options.DLegerSelfId} is not its group's leader " +
            $"(term {state.Term}); {leader}: send admin writes to the master (brokerId 0)");
    }
}
