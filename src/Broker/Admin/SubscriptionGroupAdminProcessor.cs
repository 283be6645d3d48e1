using Microsoft.Extensions.Logging;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;
using StoreGroupConfig = RocketMQ.Store.Config.SubscriptionGroupConfig;

namespace RocketMQ.Broker.Admin;

/// <summary>
/// Subscription-group administration as AdminBrokerProcessor serves it: UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200),
/// DELETE_SUBSCRIPTIONGROUP (207) and GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201). Changes go through the replicated log
/// (leader only).
/// </summary>
internal sealed class SubscriptionGroupAdminProcessor(BrokerContext context) : IRequestProcessor
{
    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<SubscriptionGroupAdminProcessor>();

    public static int[] Codes => [RequestCode.UpdateAndCreateSubscriptionGroup, RequestCode.DeleteSubscriptionGroup,
        RequestCode.GetAllSubscriptionGroupConfig];

    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken) => request.Code switch
        {
            RequestCode.UpdateAndCreateSubscriptionGroup => await UpdateAndCreateAsync(request, channel,
                cancellationToken).ConfigureAwait(false),
            RequestCode.DeleteSubscriptionGroup => await DeleteAsync(request, channel, cancellationToken)
                .ConfigureAwait(false),
            _ => GetAll(request),
        };

    private async ValueTask<RemotingCommand> UpdateAndCreateAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken token)
    {
        if (AdminResponses.RefuseUnlessLeader(context, request, channel, _logger) is { } refused)
        {
            return refused;
        }

        var body = RemotingJson.Deserialize(request.Body, AdminJsonContext.Default.SubscriptionGroupConfigBody);
        if ((TopicRules.CheckGroupName(body.GroupName) ?? CheckNumbers(body)) is { } remark)
        {
            return AdminResponses.Refuse(request, channel, _logger, ResponseCode.SystemError, remark);
        }

        var config = new StoreGroupConfig(body.GroupName!)
        {
            ConsumeEnable = body.ConsumeEnable,
            ConsumeFromMinEnable = body.ConsumeFromMinEnable,
            ConsumeBroadcastEnable = body.ConsumeBroadcastEnable,
            RetryQueueNums = body.RetryQueueNums,
            RetryMaxTimes = body.RetryMaxTimes,
            BrokerId = body.BrokerId,
            WhichBrokerWhenConsumeSlowly = body.WhichBrokerWhenConsumeSlowly,
            NotifyConsumerIdsChangedEnable = body.NotifyConsumerIdsChangedEnable,
        };
        var result = await context.Store.UpdateSubscriptionGroupAsync(config, token).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return AdminResponses.FromCommand(context, request, channel, _logger, result,
                $"creating subscription group {config.GroupName}");
        }

        AdminLog.GroupUpdated(_logger, config.GroupName, channel.RemoteAddress);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    private async ValueTask<RemotingCommand> DeleteAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken token)
    {
        if (AdminResponses.RefuseUnlessLeader(context, request, channel, _logger) is { } refused)
        {
            return refused;
        }

        var header = request.DecodeHeader<DeleteSubscriptionGroupRequestHeader>();
        if (string.IsNullOrWhiteSpace(header.GroupName))
        {
            return AdminResponses.Refuse(request, channel, _logger, ResponseCode.SystemError,
                "The specified group is blank.");
        }

        // As Java: deleting an unknown group succeeds (with removeOffset its offsets still go).
        var result = await context.Store.DeleteSubscriptionGroupAsync(header.GroupName, header.RemoveOffset, token)
            .ConfigureAwait(false);
        if (!result.IsOk)
        {
            return AdminResponses.FromCommand(context, request, channel, _logger, result,
                $"deleting subscription group {header.GroupName}");
        }

        AdminLog.GroupDeleted(_logger, header.GroupName, channel.RemoteAddress, header.RemoveOffset);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    private RemotingCommand GetAll(RemotingCommand request)
    {
        var snapshot = context.Store.Config.Current;
        var wrapper = new SubscriptionGroupWrapper
        {
            DataVersion = new DataVersion
            {
                Timestamp = snapshot.GroupsVersion.Timestamp,
                Counter = snapshot.GroupsVersion.Counter,
            },
        };
        foreach (var (name, group) in snapshot.Groups)
        {
            wrapper.SubscriptionGroupTable[name] = new SubscriptionGroupConfigBody
            {
                GroupName = name,
                ConsumeEnable = group.ConsumeEnable,
                ConsumeFromMinEnable = group.ConsumeFromMinEnable,
                ConsumeBroadcastEnable = group.ConsumeBroadcastEnable,
                RetryQueueNums = group.RetryQueueNums,
                RetryMaxTimes = group.RetryMaxTimes,
                BrokerId = group.BrokerId,
                WhichBrokerWhenConsumeSlowly = group.WhichBrokerWhenConsumeSlowly,
                NotifyConsumerIdsChangedEnable = group.NotifyConsumerIdsChangedEnable,
            };
        }

        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = RemotingJson.Serialize(wrapper, AdminJsonContext.Default.SubscriptionGroupWrapper);
        return response;
    }

    // The replicated command's ranges, checked here so the remark names the field.
    private static string? CheckNumbers(SubscriptionGroupConfigBody body) =>
        body.RetryQueueNums < 0 ? $"retryQueueNums {body.RetryQueueNums} is negative"
        : body.RetryMaxTimes < -1 ? $"retryMaxTimes {body.RetryMaxTimes} is below -1"
        : body.BrokerId < 0 ? $"brokerId {body.BrokerId} is negative"
        : body.WhichBrokerWhenConsumeSlowly < 0
            ? $"whichBrokerWhenConsumeSlowly {body.WhichBrokerWhenConsumeSlowly} is negative"
            : null;
}
