using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Broker.Consuming;

/// <summary>Responses the consuming processors share.</summary>
internal static class Responses
{
    /// <summary>A write that reached a follower: SERVICE_NOT_AVAILABLE (clients retry, after refreshing their route)
    /// naming the leader when this member knows it.</summary>
    public static RemotingCommand NotLeader(RemotingCommand request, BrokerContext context, string what)
    {
        var state = context.Log.State;
        var leader = state.LeaderId is null ? "no leader is known yet"
            : $"the leader is {state.LeaderId}" + (state.LeaderAddress is null ? "" : $" at {state.LeaderAddress}");
        return RemotingCommand.CreateResponse(request, ResponseCode.ServiceNotAvailable,
            $"{what} is served by the group's leader only; this broker ({context.Log.SelfId}) is a follower, {leader}");
    }

    /// <summary>A response ready now, as a processor returns it.</summary>
    public static ValueTask<RemotingCommand?> Now(RemotingCommand response) =>
        ValueTask.FromResult<RemotingCommand?>(response);

    public static RemotingCommand Success(RemotingCommand request) =>
        RemotingCommand.CreateResponse(request, ResponseCode.Success);

    public static RemotingCommand Success(RemotingCommand request, ICommandHeader header) =>
        RemotingCommand.CreateResponse(request, ResponseCode.Success, header);

    public static RemotingCommand Success(RemotingCommand request, byte[] body)
    {
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = body;
        return response;
    }

    public static RemotingCommand Error(RemotingCommand request, int code, string remark) =>
        RemotingCommand.CreateResponse(request, code, remark);
}
