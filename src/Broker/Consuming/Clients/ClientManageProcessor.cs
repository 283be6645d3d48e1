using Microsoft.Extensions.Logging;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Consuming.Clients;

/// <summary>
/// HEART_BEAT (34) and UNREGISTER_CLIENT (35), as RocketMQ's ClientManageProcessor: a heartbeat registers the
/// client's producer and consumer groups on its channel (creating unknown consumer groups when allowed, and their
/// <c>%RETRY%</c> topics on the leader); unregistering removes the channel from the named groups.
/// </summary>
internal sealed class ClientManageProcessor(BrokerContext context, SubscriptionGroups groups,
    ConsumerManager consumers, ProducerManager producers, ILogger logger) : IRequestProcessor
{
    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken) =>
        request.Code == RequestCode.HeartBeat
            ? await HeartbeatAsync(request, channel).ConfigureAwait(false)
            : Unregister(request, channel);

    private async Task<RemotingCommand> HeartbeatAsync(RemotingCommand request, IRemotingChannel channel)
    {
        var heartbeat = RemotingJson.Deserialize(request.Body, ClientJsonContext.Default.HeartbeatData);
        if (string.IsNullOrEmpty(heartbeat.ClientId))
        {
            return Responses.Error(request, ResponseCode.SystemError, "the heartbeat has no clientID");
        }

        if (heartbeat.ConsumerDataSet.Any(c => string.IsNullOrEmpty(c.GroupName))
            || heartbeat.ProducerDataSet.Any(p => string.IsNullOrEmpty(p.GroupName)))
        {
            return Responses.Error(request, ResponseCode.SystemError, "the heartbeat names a group without groupName");
        }

        var now = context.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var client = new ClientChannelInfo(channel, heartbeat.ClientId, request.Language, request.Version,
            request.SerializeType, now);
        foreach (var consumer in heartbeat.ConsumerDataSet)
        {
            if (await groups.FindOrCreateAsync(consumer.GroupName!).ConfigureAwait(false) is { } group)
            {
                await groups.EnsureRetryTopicAsync(group, consumer.UnitMode).ConfigureAwait(false);
            }

            consumers.Register(client, consumer, now);
        }

        foreach (var producer in heartbeat.ProducerDataSet)
        {
            producers.Register(producer.GroupName!, client, now);
        }

        return Responses.Success(request);
    }

    private RemotingCommand Unregister(RemotingCommand request, IRemotingChannel channel)
    {
        var header = request.DecodeHeader<UnregisterClientRequestHeader>();
        if (header.ProducerGroup is { } producerGroup)
        {
            producers.Unregister(producerGroup, channel);
            ConsumeLog.ClientUnregistered(logger, header.ClientId, "producer", producerGroup);
        }

        if (header.ConsumerGroup is { } consumerGroup)
        {
            consumers.Unregister(consumerGroup, channel);
            ConsumeLog.ClientUnregistered(logger, header.ClientId, "consumer", consumerGroup);
        }

        return Responses.Success(request);
    }
}
