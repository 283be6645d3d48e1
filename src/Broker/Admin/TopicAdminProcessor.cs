using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Registration;
using RocketMQ.Broker.Topics;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;
using StoreTopicConfig = RocketMQ.Store.Config.TopicConfig;
using StoreTopicFilterType = RocketMQ.Store.Config.TopicFilterType;

namespace RocketMQ.Broker.Admin;

/// <summary>
/// Topic administration as AdminBrokerProcessor serves it: UPDATE_AND_CREATE_TOPIC (17), DELETE_TOPIC_IN_BROKER
/// (215), GET_ALL_TOPIC_CONFIG (21) and GET_TOPIC_STATS_INFO (202). Changes go through the replicated log, so they
/// are accepted on the leader only and hold on every member once answered.
/// </summary>
internal sealed class TopicAdminProcessor(BrokerContext context) : IRequestProcessor
{
    /// <summary>How long a topic creation waits for the name-server registration that advertises it. Java registers
    /// before it answers, so a producer can route right away; past this the registration goes on in the background
    /// and the answer is sent (admin clients time out after 3–5 s).</summary>
    private static readonly TimeSpan RegistrationWait = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<TopicAdminProcessor>();

    public static int[] Codes => [RequestCode.UpdateAndCreateTopic, RequestCode.DeleteTopicInBroker,
        RequestCode.GetAllTopicConfig, RequestCode.GetTopicStatsInfo];

    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken) => request.Code switch
        {
            RequestCode.UpdateAndCreateTopic => await UpdateAndCreateAsync(request, channel, cancellationToken)
                .ConfigureAwait(false),
            RequestCode.DeleteTopicInBroker => await DeleteAsync(request, channel, cancellationToken)
                .ConfigureAwait(false),
            RequestCode.GetAllTopicConfig => GetAll(request),
            _ => await GetStatsAsync(request, cancellationToken).ConfigureAwait(false),
        };

    private async ValueTask<RemotingCommand> UpdateAndCreateAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken token)
    {
        if (AdminResponses.RefuseUnlessLeader(context, request, channel, _logger) is { } refused)
        {
            return refused;
        }

        var header = request.DecodeHeader<CreateTopicRequestHeader>();
        if ((CheckTopic(header.Topic) ?? CheckQueues(header)) is { } remark)
        {
            return AdminResponses.Refuse(request, channel, _logger, ResponseCode.SystemError, remark);
        }

        var config = new StoreTopicConfig(header.Topic)
        {
            ReadQueueNums = header.ReadQueueNums,
            WriteQueueNums = header.WriteQueueNums,
            Perm = header.Perm,
            TopicFilterType = header.TopicFilterType == "MULTI_TAG"
                ? StoreTopicFilterType.MultiTag
                : StoreTopicFilterType.SingleTag,
            TopicSysFlag = header.TopicSysFlag ?? 0,

            // RocketMQ 4.9.8 leaves order to the name server's ORDER_TOPIC_CONFIG; its admin tool sends the same flag
            // in this header (and RocketMQ 5 takes it from here), so the broker records it too.
            Order = header.Order,
        };
        var result = await context.Store.UpdateTopicAsync(config, token).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return AdminResponses.FromCommand(context, request, channel, _logger, result,
                $"creating topic {header.Topic}");
        }

        AdminLog.TopicUpdated(_logger, header.Topic, channel.RemoteAddress, config.ReadQueueNums,
            config.WriteQueueNums, config.Perm);
        await AdvertiseAsync(header.Topic).ConfigureAwait(false);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    private async ValueTask<RemotingCommand> DeleteAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken token)
    {
        if (AdminResponses.RefuseUnlessLeader(context, request, channel, _logger) is { } refused)
        {
            return refused;
        }

        var topic = request.DecodeHeader<TopicHeader>().Topic;
        if (CheckTopic(topic) is { } remark)
        {
            return AdminResponses.Refuse(request, channel, _logger, ResponseCode.SystemError, remark);
        }

        // As Java: deleting an unknown topic succeeds (its queues and offsets, if any, are removed all the same), so
        // an admin tool can delete on every broker of a cluster without checking first.
        var result = await context.Store.DeleteTopicAsync(topic, token).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return AdminResponses.FromCommand(context, request, channel, _logger, result, $"deleting topic {topic}");
        }

        AdminLog.TopicDeleted(_logger, topic, channel.RemoteAddress);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    private RemotingCommand GetAll(RemotingCommand request)
    {
        var wrapper = TopicTable.From(context.Store.Config.Current);
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = RemotingJson.Serialize(wrapper, AdminJsonContext.Default.TopicConfigSerializeWrapper);
        return response;
    }

    private async ValueTask<RemotingCommand> GetStatsAsync(RemotingCommand request, CancellationToken token)
    {
        var topic = request.DecodeHeader<TopicHeader>().Topic;
        if (context.Store.Config.FindTopic(topic) is not { } config)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist, $"topic[{topic}] not exist");
        }

        // As Java: one row per write queue; lastUpdateTimestamp is the store time of the queue's last message.
        var store = context.Store;
        var rows = new List<KeyValuePair<MessageQueueBody, TopicOffsetBody>>(config.WriteQueueNums);
        for (var queueId = 0; queueId < config.WriteQueueNums; queueId++)
        {
            var min = Math.Max(0, store.GetMinOffsetInQueue(topic, queueId));
            var max = Math.Max(0, store.GetMaxOffsetInQueue(topic, queueId));
            var lastUpdate = max > 0
                ? await store.GetMessageStoreTimestampAsync(topic, queueId, max - 1, token).ConfigureAwait(false)
                : 0;
            rows.Add(KeyValuePair.Create(new MessageQueueBody(topic, context.Options.BrokerName, queueId),
                new TopicOffsetBody(min, max, lastUpdate)));
        }

        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = TopicStatsTableCodec.Encode(rows);
        return response;
    }

    private string? CheckTopic(string topic) =>
        TopicRules.CheckName(topic)
        ?? (TopicRules.IsSystemTopic(topic, context.Options) ? TopicRules.SystemTopicRemark(topic) : null);

    // Java takes the numbers as given; the replicated command allows 0..65535 queues and perm 0..7, so anything else
    // is refused here with the field named rather than by the store.
    private static string? CheckQueues(CreateTopicRequestHeader header) =>
        header.ReadQueueNums is < 0 or > Store.Config.ConfigCommandCodec.MaxQueueNums
            ? $"readQueueNums {header.ReadQueueNums} is outside 0..{Store.Config.ConfigCommandCodec.MaxQueueNums}"
            : header.WriteQueueNums is < 0 or > Store.Config.ConfigCommandCodec.MaxQueueNums
                ? $"writeQueueNums {header.WriteQueueNums} is outside 0..{Store.Config.ConfigCommandCodec.MaxQueueNums}"
                : header.Perm is < 0 or > 7
                    ? $"perm {header.Perm} is outside 0..7 (4 read, 2 write, 1 inherit)"
                    : null;

    private async Task AdvertiseAsync(string topic)
    {
        if (context.Find<NameServerRegistration>() is not { } registration)
        {
            return;
        }

        var registering = registration.RegisterAllAsync($"topic {topic} created");
        try
        {
            await registering.WaitAsync(RegistrationWait, context.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // It continues in the background; the periodic registration would carry the topic anyway.
        }
    }
}
