using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>Queue bounds (29–32), connection lists (203, 204) and consume stats (208) on the wire.</summary>
public sealed class AdminQueryTests(SharedBroker shared) : IClassFixture<SharedBroker>
{
    private TestBroker Broker => shared.Broker;

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Queue_bounds_and_times_are_answered_from_the_store(SerializeType serialization)
    {
        var topic = Requests.Unique("T");
        await Broker.CreateTopicAsync(topic);
        for (var i = 0; i < 3; i++)
        {
            await Broker.PutAsync(topic, 2);
        }

        var first = await Broker.Store.GetMessageStoreTimestampAsync(topic, 2, 0);
        var last = await Broker.Store.GetMessageStoreTimestampAsync(topic, 2, 2);
        async Task<long> OffsetAsync(RemotingCommand request)
        {
            var response = await Broker.InvokeAsync(request, serialization);
            Assert.Equal(ResponseCode.Success, response.Code);
            Assert.Equal(serialization, response.SerializeType);
            return Requests.Offset(response);
        }

        Assert.Equal(3, await OffsetAsync(Requests.Queue(RequestCode.GetMaxOffset, topic, 2)));
        Assert.Equal(0, await OffsetAsync(Requests.Queue(RequestCode.GetMinOffset, topic, 2)));
        Assert.Equal(0, await OffsetAsync(Requests.Queue(RequestCode.SearchOffsetByTimestamp, topic, 2, first - 1)));
        Assert.Equal(3, await OffsetAsync(Requests.Queue(RequestCode.SearchOffsetByTimestamp, topic, 2, last + 1)));
        Assert.Equal(0, await OffsetAsync(Requests.Queue(RequestCode.GetMaxOffset, topic, 1)));
        Assert.Equal(0, await OffsetAsync(Requests.Queue(RequestCode.GetMaxOffset, "NoSuchTopic", 0)));

        var earliest = await Broker.InvokeAsync(Requests.Queue(RequestCode.GetEarliestMsgStoreTime, topic, 2),
            serialization);
        Assert.Equal(first, earliest.DecodeHeader<TimestampResponseHeader>().Timestamp);
        var none = await Broker.InvokeAsync(Requests.Queue(RequestCode.GetEarliestMsgStoreTime, topic, 1),
            serialization);
        Assert.Equal(-1, none.DecodeHeader<TimestampResponseHeader>().Timestamp);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Queue_requests_without_their_fields_are_refused(SerializeType serialization)
    {
        var cases = new[]
        {
            (Requests.Queue(RequestCode.SearchOffsetByTimestamp, "T", 0), "<timestamp> is null"),
            (Requests.Raw(RequestCode.GetMaxOffset, ("topic", "T")), "<queueId> is null"),
            (Requests.Raw(RequestCode.GetMinOffset, ("queueId", "0")), "<topic> is null"),
            (Requests.Raw(RequestCode.GetEarliestMsgStoreTime, ("topic", "T"), ("queueId", "zero")),
                "<queueId> has an invalid value 'zero'"),
        };
        foreach (var (request, remark) in cases)
        {
            var response = await Broker.InvokeAsync(request, serialization);
            Assert.Equal(ResponseCode.SystemError, response.Code);
            Assert.Contains(remark, response.Remark, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Connection_lists_describe_online_clients(SerializeType serialization)
    {
        var (group, topic, producerGroup) = (Requests.Unique("CID"), Requests.Unique("T"), Requests.Unique("PID"));
        await using var client = Broker.NewClient();
        await client.InvokeAsync(Requests.Heartbeat("c@1", group, topic, "TagA || TagB"), serialization);
        await client.InvokeAsync(Requests.ProducerHeartbeat("c@1", producerGroup), serialization);

        var consumers = await Broker.InvokeAsync(Requests.Group(RequestCode.GetConsumerConnectionList, group),
            serialization);
        Assert.Equal(ResponseCode.Success, consumers.Code);
        var body = RemotingJson.Deserialize(consumers.Body, ClientJsonContext.Default.ConsumerConnection);
        var connection = Assert.Single(body.ConnectionSet);
        Assert.Equal(("c@1", "JAVA"), (connection.ClientId, connection.Language));
        Assert.StartsWith("127.0.0.1:", connection.ClientAddr, StringComparison.Ordinal);
        Assert.Equal(("CONSUME_PASSIVELY", "CLUSTERING"), (body.ConsumeType, body.MessageModel));
        Assert.Equal(["TagA", "TagB"], body.SubscriptionTable[topic].TagsSet);

        var producers = await Broker.InvokeAsync(RemotingCommand.CreateRequest(RequestCode.GetProducerConnectionList,
            new ProducerGroupHeader { ProducerGroup = producerGroup }), serialization);
        Assert.Equal(ResponseCode.Success, producers.Code);
        var producer = RemotingJson.Deserialize(producers.Body, ClientJsonContext.Default.ProducerConnection);
        Assert.Equal("c@1", Assert.Single(producer.ConnectionSet).ClientId);

        var offline = await Broker.InvokeAsync(Requests.Group(RequestCode.GetConsumerConnectionList, "nobody"),
            serialization);
        Assert.Equal(ResponseCode.ConsumerNotOnline, offline.Code);
        Assert.Equal("the consumer group[nobody] not online", offline.Remark);
        var noProducer = await Broker.InvokeAsync(RemotingCommand.CreateRequest(RequestCode.GetProducerConnectionList,
            new ProducerGroupHeader { ProducerGroup = "nobody" }), serialization);
        Assert.Equal(ResponseCode.SystemError, noProducer.Code);
        Assert.Equal("the producer group[nobody] not exist", noProducer.Remark);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Consume_stats_list_each_queue_with_its_offsets(SerializeType serialization)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await Broker.CreateTopicAsync(topic, queues: 2);
        await Broker.PutAsync(topic, 0);
        await Broker.PutAsync(topic, 0);
        await Broker.PutAsync(topic, 1);
        Broker.Module.Offsets.Commit(group, topic, 0, 1);
        var stored = await Broker.Store.GetMessageStoreTimestampAsync(topic, 0, 0);

        foreach (var asked in new[] { null, topic })
        {
            var response = await Broker.InvokeAsync(Requests.Group(RequestCode.GetConsumeStats, group, asked),
                serialization);
            Assert.Equal(ResponseCode.Success, response.Code);
            var text = System.Text.Encoding.UTF8.GetString(response.Body.Span);
            Assert.Contains("\"offsetTable\":{{", text, StringComparison.Ordinal);
            var stats = ConsumeStatsCodec.Decode(response.Body.Span);
            var table = stats.OffsetTable.OrderBy(e => e.Key.QueueId).ToList();
            Assert.Equal([0, 1], table.Select(e => e.Key.QueueId));
            Assert.All(table, e => Assert.Equal((topic, "broker-test"), (e.Key.Topic, e.Key.BrokerName)));
            Assert.Equal((2L, 1L, stored), (table[0].Value.BrokerOffset, table[0].Value.ConsumerOffset,
                table[0].Value.LastTimestamp));
            Assert.Equal((1L, 0L, 0L), (table[1].Value.BrokerOffset, table[1].Value.ConsumerOffset,
                table[1].Value.LastTimestamp));
        }

        var unknown = await Broker.InvokeAsync(Requests.Group(RequestCode.GetConsumeStats, Requests.Unique("CID")),
            serialization);
        Assert.Empty(ConsumeStatsCodec.Decode(unknown.Body.Span).OffsetTable);
    }
}
