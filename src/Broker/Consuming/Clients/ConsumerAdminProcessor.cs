using RocketMQ.Broker.Consuming.Offsets;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Consuming.Clients;

/// <summary>
/// What admin tools and clients ask about groups: GET_CONSUMER_LIST_BY_GROUP (38), GET_CONSUMER_CONNECTION_LIST
/// (203), GET_PRODUCER_CONNECTION_LIST (204) and GET_CONSUME_STATS (208), with RocketMQ's codes and remarks.
/// </summary>
internal sealed class ConsumerAdminProcessor(BrokerContext context, ConsumerManager consumers,
    ProducerManager producers, ConsumerOffsetService offsets) : IRequestProcessor
{
    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken) => request.Code switch
        {
            RequestCode.GetConsumerListByGroup => ConsumerList(request),
            RequestCode.GetConsumerConnectionList => ConsumerConnections(request),
            RequestCode.GetProducerConnectionList => ProducerConnections(request),
            _ => await ConsumeStatsAsync(request, cancellationToken).ConfigureAwait(false),
        };

    private RemotingCommand ConsumerList(RemotingCommand request)
    {
        var group = request.DecodeHeader<ConsumerGroupHeader>().ConsumerGroup;
        if (consumers.Find(group) is { } info && info.ClientIds is { Count: > 0 } ids)
        {
            var body = new ConsumerListBody { ConsumerIdList = [.. ids] };
            return Responses.Success(request, RemotingJson.Serialize(body, ClientJsonContext.Default.ConsumerListBody));
        }

        return Responses.Error(request, ResponseCode.SystemError, "no consumer for this group, " + group);
    }

    private RemotingCommand ConsumerConnections(RemotingCommand request)
    {
        var group = request.DecodeHeader<ConsumerGroupHeader>().ConsumerGroup;
        if (consumers.Find(group) is not { } info)
        {
            return Responses.Error(request, ResponseCode.ConsumerNotOnline, $"the consumer group[{group}] not online");
        }

        var body = new ConsumerConnection
        {
            ConsumeType = info.ConsumeType,
            MessageModel = info.MessageModel,
            ConsumeFromWhere = info.ConsumeFromWhere,
            ConnectionSet = [.. info.Channels.Select(ToConnection)],
        };
        foreach (var (topic, subscription) in info.Subscriptions)
        {
            body.SubscriptionTable[topic] = subscription.Data;
        }

        return Responses.Success(request, RemotingJson.Serialize(body, ClientJsonContext.Default.ConsumerConnection));
    }

    private RemotingCommand ProducerConnections(RemotingCommand request)
    {
        var group = request.DecodeHeader<ProducerGroupHeader>().ProducerGroup;
        if (producers.Find(group) is not { } members)
        {
            return Responses.Error(request, ResponseCode.SystemError, $"the producer group[{group}] not exist");
        }

        var body = new ProducerConnection { ConnectionSet = [.. members.Select(ToConnection)] };
        return Responses.Success(request, RemotingJson.Serialize(body, ClientJsonContext.Default.ProducerConnection));
    }

    /// <summary>Java's getConsumeStats: per readable queue of each topic the group has offsets on (or the one asked),
    /// the queue's max offset, the group's offset and the store time of the last consumed message.</summary>
    private async Task<RemotingCommand> ConsumeStatsAsync(RemotingCommand request, CancellationToken token)
    {
        var header = request.DecodeHeader<ConsumerGroupHeader>();
        var group = header.ConsumerGroup;
        var topics = string.IsNullOrWhiteSpace(header.Topic) ? offsets.TopicsOf(group) : [header.Topic];
        var stats = new ConsumeStats();
        var online = consumers.Find(group);
        foreach (var topic in topics)
        {
            if (context.Store.Config.FindTopic(topic) is not { } config
                || (online is not null && online.FindSubscription(topic) is null && online.Subscriptions.Count > 0))
            {
                // As Java: unknown topics, and topics an online group does not subscribe to, are left out.
                continue;
            }

            for (var queueId = 0; queueId < config.ReadQueueNums; queueId++)
            {
                var consumerOffset = Math.Max(0, offsets.QueryOffset(group, topic, queueId));
                var wrapper = new OffsetWrapper
                {
                    BrokerOffset = Math.Max(0, context.Store.GetMaxOffsetInQueue(topic, queueId)),
                    ConsumerOffset = consumerOffset,
                };
                if (consumerOffset > 0)
                {
                    var last = await context.Store.GetMessageStoreTimestampAsync(topic, queueId, consumerOffset - 1,
                        token).ConfigureAwait(false);
                    wrapper.LastTimestamp = Math.Max(0, last);
                }

                var queue = new MessageQueueData
                {
                    Topic = topic,
                    BrokerName = context.Options.BrokerName,
                    QueueId = queueId,
                };
                stats.OffsetTable.Add(KeyValuePair.Create(queue, wrapper));
            }
        }

        return Responses.Success(request, ConsumeStatsCodec.Encode(stats));
    }

    private static Connection ToConnection(ClientChannelInfo info) => new()
    {
        ClientId = info.ClientId,
        ClientAddr = info.Channel.RemoteAddress,
        Language = info.LanguageName,
        Version = info.Version,
    };
}
