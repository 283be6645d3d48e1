using RocketMQ.Common.Protocol;
using RocketMQ.Common.Replication;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Store;
using RocketMQ.Store.Writing;

namespace RocketMQ.Broker.Sending;

/// <summary>
/// The answers of the write paths: store statuses mapped to RocketMQ's response codes as
/// <c>SendMessageProcessor.handlePutMessageResult</c> maps them, plus the Raft outcomes (a follower's refusal and
/// an unknown outcome are both retriable for RocketMQ producers, which retry SERVICE_NOT_AVAILABLE and SYSTEM_ERROR on
/// another broker).
/// </summary>
internal static class SendResponses
{
    /// <summary>The FAQ hint RocketMQ appends to TOPIC_NOT_EXIST and SUBSCRIPTION_GROUP_NOT_EXIST remarks.</summary>
    public const string FaqHint = "\nSee http://rocketmq.apache.org/docs/faq/ for further details.";

    /// <summary>SERVICE_NOT_AVAILABLE for a write that reached a member that does not lead its group.</summary>
    public static RemotingCommand NotLeader(RemotingCommand request, BrokerContext context,
        string? leaderHint = null) =>
        RemotingCommand.CreateResponse(request, ResponseCode.ServiceNotAvailable,
            NotLeaderRemark(context.Log.State, leaderHint));

    /// <summary>Why a follower refuses a write, naming the leader when one is known.</summary>
    public static string NotLeaderRemark(ReplicaState state, string? leaderHint = null)
    {
        var leader = state.LeaderId ?? leaderHint;
        return leader is null
            ? $"service not available now: this broker is not the leader of its group (term {state.Term}) and no "
              + "leader is known yet (election in progress); retry shortly"
            : $"service not available now: this broker is not the leader of its group (term {state.Term}); the "
              + $"leader is {leader}{(state.LeaderAddress is { } address ? " at " + address : "")}; "
              + "refresh the route and retry";
    }

    /// <summary>The response code and remark for a put that did not succeed.</summary>
    public static (int Code, string Remark) Failure(PutMessageResult result, BrokerContext context) =>
        Failure(result.Status, result.Remark, result.LeaderId, context);

    /// <summary>The response code and remark for a config command (topic or group creation) that failed.</summary>
    public static (int Code, string Remark) Failure(CommandResult result, BrokerContext context) =>
        Failure(result.Status, result.Remark, result.LeaderId, context);

    private static (int Code, string Remark) Failure(PutMessageStatus status, string? remark, string? leaderId,
        BrokerContext context) => status switch
        {
            PutMessageStatus.NotLeader =>
                (ResponseCode.ServiceNotAvailable, NotLeaderRemark(context.Log.State, leaderId)),
            PutMessageStatus.ServiceNotAvailable =>
                (ResponseCode.ServiceNotAvailable, $"service not available now: {remark}"),
            PutMessageStatus.MessageIllegal or PutMessageStatus.PropertiesSizeExceeded =>
                (ResponseCode.MessageIllegal, $"the message is illegal: {remark} (body limit "
                    + $"{context.Store.Options.MaxMessageSize} bytes, properties limit 32 KiB)"),
            PutMessageStatus.OutcomeUnknown =>
                (ResponseCode.SystemError, $"the outcome is unknown, retry: {remark}"),
            _ => (ResponseCode.SystemError, $"UNKNOWN_ERROR: {remark}"),
        };
}
