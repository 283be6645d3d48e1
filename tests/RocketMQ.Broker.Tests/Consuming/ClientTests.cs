using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>HEART_BEAT, UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP and NOTIFY_CONSUMER_IDS_CHANGED on the wire.
/// </summary>
public sealed class ClientTests(SharedBroker shared) : IClassFixture<SharedBroker>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private TestBroker Broker => shared.Broker;

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_heartbeat_registers_the_consumer_creates_its_group_and_retry_topic(SerializeType serialization)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        var response = await Broker.InvokeAsync(Requests.Heartbeat("10.0.0.1@1", group, topic), serialization);

        Assert.Equal(ResponseCode.Success, response.Code);
        Assert.Equal(serialization, response.SerializeType);
        Assert.NotNull(Broker.Store.Config.FindGroup(group));
        Assert.NotNull(Broker.Store.Config.FindTopic("%RETRY%" + group));
        Assert.Equal(["10.0.0.1@1"], await ConsumerIdsAsync(group, serialization));
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Bad_heartbeats_are_answered_with_system_error(SerializeType serialization)
    {
        var noBody = RemotingCommand.CreateRequest(RequestCode.HeartBeat);
        var notJson = RemotingCommand.CreateRequest(RequestCode.HeartBeat);
        notJson.Body = "{not json"u8.ToArray();
        var noClientId = Requests.Heartbeat(new HeartbeatData { ConsumerDataSet = [new ConsumerData()] });
        var noGroup = Requests.Heartbeat(new HeartbeatData { ClientId = "c", ConsumerDataSet = [new ConsumerData()] });

        foreach (var request in new[] { noBody, notJson, noClientId, noGroup })
        {
            var response = await Broker.InvokeAsync(request, serialization);
            Assert.Equal(ResponseCode.SystemError, response.Code);
            Assert.False(string.IsNullOrEmpty(response.Remark));
        }

        // The broker is still serving.
        var ok = await Broker.InvokeAsync(Requests.Heartbeat("c@1", Requests.Unique("CID"), "T"), serialization);
        Assert.Equal(ResponseCode.Success, ok.Code);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task The_consumer_list_of_an_unknown_group_is_a_system_error(SerializeType serialization)
    {
        var group = Requests.Unique("CID");
        var response = await Broker.InvokeAsync(Requests.Group(RequestCode.GetConsumerListByGroup, group),
            serialization);
        Assert.Equal(ResponseCode.SystemError, response.Code);
        Assert.Equal("no consumer for this group, " + group, response.Remark);

        var missing = await Broker.InvokeAsync(Requests.Raw(RequestCode.GetConsumerListByGroup), serialization);
        Assert.Equal(ResponseCode.SystemError, missing.Code);
        Assert.Contains("consumerGroup", missing.Remark, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_second_member_makes_the_broker_notify_the_first(SerializeType serialization)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await using var first = Broker.NewClient();
        await using var second = Broker.NewClient();
        Assert.Equal(ResponseCode.Success,
            (await first.InvokeAsync(Requests.Heartbeat("first@1", group, topic), serialization)).Code);
        await NotifiedAsync(first, group, serialization);

        Assert.Equal(ResponseCode.Success,
            (await second.InvokeAsync(Requests.Heartbeat("second@1", group, topic), serialization)).Code);
        await NotifiedAsync(first, group, serialization);
        await NotifiedAsync(second, group, serialization);
        Assert.Equal(["first@1", "second@1"], await ConsumerIdsAsync(group, serialization));

        // A repeated heartbeat changes nothing and notifies nobody.
        await first.InvokeAsync(Requests.Heartbeat("first@1", group, topic), serialization);
        Assert.Equal(0, first.PendingRequests);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Unregistering_removes_the_member_and_notifies_the_rest(SerializeType serialization)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await using var first = Broker.NewClient();
        await using var second = Broker.NewClient();
        await first.InvokeAsync(Requests.Heartbeat("first@1", group, topic), serialization);
        await second.InvokeAsync(Requests.Heartbeat("second@1", group, topic), serialization);
        await NotifiedAsync(first, group, serialization);
        await NotifiedAsync(first, group, serialization);

        var unregister = RemotingCommand.CreateRequest(RequestCode.UnregisterClient,
            new UnregisterClientRequestHeader { ClientId = "second@1", ConsumerGroup = group });
        Assert.Equal(ResponseCode.Success, (await second.InvokeAsync(unregister, serialization)).Code);

        await NotifiedAsync(first, group, serialization);
        Assert.Equal(["first@1"], await ConsumerIdsAsync(group, serialization));

        var noClientId = Requests.Raw(RequestCode.UnregisterClient, ("consumerGroup", group));
        var refused = await first.InvokeAsync(noClientId, serialization);
        Assert.Equal(ResponseCode.SystemError, refused.Code);
        Assert.Contains("clientID", refused.Remark, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_closed_channel_leaves_its_groups_at_once(SerializeType serialization)
    {
        var (group, topic, producerGroup) = (Requests.Unique("CID"), Requests.Unique("T"), Requests.Unique("PID"));
        await using var first = Broker.NewClient();
        await using var second = Broker.NewClient();
        await first.InvokeAsync(Requests.Heartbeat("first@1", group, topic), serialization);
        await second.InvokeAsync(Requests.Heartbeat("second@1", group, topic), serialization);
        await second.InvokeAsync(Requests.ProducerHeartbeat("second@1", producerGroup), serialization);
        await NotifiedAsync(first, group, serialization);
        await NotifiedAsync(first, group, serialization);

        second.Close();

        await NotifiedAsync(first, group, serialization);
        Assert.Equal(["first@1"], await ConsumerIdsAsync(group, serialization));
        Assert.Null(Broker.Module.Producers.Find(producerGroup));
    }

    private async Task<List<string>> ConsumerIdsAsync(string group, SerializeType serialization)
    {
        var response = await Broker.InvokeAsync(Requests.Group(RequestCode.GetConsumerListByGroup, group),
            serialization);
        Assert.Equal(ResponseCode.Success, response.Code);
        var body = RemotingJson.Deserialize(response.Body, ClientJsonContext.Default.ConsumerListBody);
        return [.. body.ConsumerIdList.Order(StringComparer.Ordinal)];
    }

    private static async Task NotifiedAsync(RecordingClient client, string group, SerializeType serialization)
    {
        var request = await client.NextRequestAsync(Deadline);
        Assert.Equal(RequestCode.NotifyConsumerIdsChanged, request.Code);
        Assert.True(request.IsOneway);
        Assert.Equal(serialization, request.SerializeType);
        Assert.Equal(group, request.DecodeHeader<ConsumerGroupHeader>().ConsumerGroup);
    }
}
