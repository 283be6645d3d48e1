using RocketMQ.Broker.Consuming;
using RocketMQ.Common.Protocol;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>Clients silent past the channel expiry are dropped and their channels closed.</summary>
public sealed class ExpiryTests
{
    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_client_without_heartbeats_is_dropped_and_disconnected(SerializeType serialization)
    {
        // Long enough that a loaded box gets both heartbeats in before the channel expires (300 ms did not).
        await using var broker = await TestBroker.StartLocalAsync(consume: new ConsumeOptions
        {
            ChannelExpiredTimeoutMs = 2_000,
            ClientScanIntervalMs = 50,
        });
        var (group, topic, producerGroup) = (Requests.Unique("CID"), Requests.Unique("T"), Requests.Unique("PID"));
        await using var client = broker.NewClient();
        await client.InvokeAsync(Requests.Heartbeat("c@1", group, topic), serialization);
        await client.InvokeAsync(Requests.ProducerHeartbeat("c@1", producerGroup), serialization);
        var channel = await client.ChannelAsync();
        Assert.NotNull(broker.Module.Consumers.Find(group));

        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = channel.Closed.Register(() => closed.TrySetResult());
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await Requests.EventuallyAsync(
            () => broker.Module.Consumers.Find(group) is null && broker.Module.Producers.Find(producerGroup) is null,
            TimeSpan.FromSeconds(10), "the broker to forget the client");
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Without_auto_create_an_unknown_group_may_not_pull(SerializeType serialization)
    {
        await using var broker = await TestBroker.StartLocalAsync(o => o.AutoCreateSubscriptionGroup = false);
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await broker.CreateTopicAsync(topic);

        var heartbeat = await broker.InvokeAsync(Requests.Heartbeat("c@1", group, topic), serialization);
        Assert.Equal(ResponseCode.Success, heartbeat.Code);
        Assert.Null(broker.Store.Config.FindGroup(group));

        var pull = await broker.InvokeAsync(Requests.Pull(group, topic, 0, 0, 0, "*"), serialization);
        Assert.Equal(ResponseCode.SubscriptionGroupNotExist, pull.Code);
        Assert.Equal($"subscription group [{group}] does not exist", pull.Remark);
    }
}
