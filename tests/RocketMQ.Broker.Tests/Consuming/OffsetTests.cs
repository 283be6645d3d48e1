using RocketMQ.Common.Protocol;
using Xunit.Abstractions;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>QUERY/UPDATE_CONSUMER_OFFSET and the offset service: Java's 0-offset rule, coalescing, replication.
/// </summary>
public sealed class OffsetTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_group_without_an_offset_starts_at_0_while_the_first_message_is_in_memory(
        SerializeType serialization)
    {
        await using var broker = await TestBroker.StartLocalAsync();
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await broker.CreateTopicAsync(topic);
        await broker.PutAsync(topic, 1);

        // Empty queue, and a queue whose first message is hot: SUCCESS 0 (ali-ons depends on it).
        foreach (var queueId in new[] { 0, 1 })
        {
            var response = await broker.InvokeAsync(Requests.QueryOffset(group, topic, queueId), serialization);
            Assert.Equal(ResponseCode.Success, response.Code);
            Assert.Equal(serialization, response.SerializeType);
            Assert.Equal(0, Requests.Offset(response));
        }
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_group_without_an_offset_is_not_found_when_the_first_message_is_cold(
        SerializeType serialization)
    {
        // With 100 bytes of "memory" a message is cold as soon as another entry follows it.
        await using var broker = await TestBroker.StartLocalAsync(physicalMemoryBytes: 100);
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await broker.CreateTopicAsync(topic);
        await broker.PutAsync(topic, 0);
        await broker.PutAsync(topic, 0);

        var response = await broker.InvokeAsync(Requests.QueryOffset(group, topic, 0), serialization);

        Assert.Equal(ResponseCode.QueryNotFound, response.Code);
        Assert.Equal("Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first", response.Remark);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Commits_are_read_back_at_once_and_replicated_coalesced(SerializeType serialization)
    {
        await using var broker = await TestBroker.StartLocalAsync(o => o.FlushConsumerOffsetInterval = 60_000);
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await using var client = broker.NewClient();
        for (var offset = 1; offset <= 50; offset++)
        {
            var update = await client.InvokeAsync(Requests.UpdateOffset(group, topic, 0, offset), serialization);
            Assert.Equal(ResponseCode.Success, update.Code);
        }

        // Java clients send UPDATE_CONSUMER_OFFSET oneway (a connection's requests may then be handled in any
        // order, as on Java's executors, so only one goes this way here).
        await client.InvokeOnewayAsync(Requests.UpdateOffset(group, topic, 1, 7), serialization);
        await Requests.EventuallyAsync(() => broker.Module.Offsets.QueryOffset(group, topic, 1) == 7,
            TimeSpan.FromSeconds(10), "the oneway commit to arrive");

        // Read from memory before any replication; the log holds nothing yet.
        var query = await client.InvokeAsync(Requests.QueryOffset(group, topic, 0), serialization);
        Assert.Equal(50, Requests.Offset(query));
        Assert.Equal(-1, broker.Store.Config.QueryOffset(group, topic, 0));

        var entriesBefore = broker.LocalStorage!.LastIndex;
        Assert.Equal(2, await broker.Module.Offsets.FlushAsync());

        Assert.Equal(entriesBefore + 1, broker.LocalStorage.LastIndex);
        Assert.Equal(50, broker.Store.Config.QueryOffset(group, topic, 0));
        Assert.Equal(7, broker.Store.Config.QueryOffset(group, topic, 1));
        Assert.Equal(0, broker.Module.Offsets.PendingCount);
        Assert.Equal(0, await broker.Module.Offsets.FlushAsync());
    }

    [Fact]
    public async Task The_leader_replicates_commits_every_flush_interval()
    {
        await using var broker = await TestBroker.StartAsync(o => o.FlushConsumerOffsetInterval = 50);
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        var response = await broker.InvokeAsync(Requests.UpdateOffset(group, topic, 3, 42), SerializeType.Json);
        Assert.Equal(ResponseCode.Success, response.Code);

        await Requests.EventuallyAsync(() => broker.Store.Config.QueryOffset(group, topic, 3) == 42,
            TimeSpan.FromSeconds(10), "the offset to go through the Raft log");
        Assert.Equal(42, broker.Module.Offsets.QueryOffset(group, topic, 3));
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Bad_commits_are_refused_and_never_reach_the_log(SerializeType serialization)
    {
        await using var broker = await TestBroker.StartLocalAsync(o => o.FlushConsumerOffsetInterval = 60_000);
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        var refusals = new[]
        {
            (Requests.UpdateOffset(group, topic, 0, -1), "commitOffset -1 is negative"),
            (Requests.UpdateOffset(group, topic, -2, 1), "queueId -2 is negative"),
            (Requests.UpdateOffset(group, "bad topic", 0, 1), "topic 'bad topic' is not a valid topic name"),
            (Requests.UpdateOffset(new string('g', 256), topic, 0, 1), "is not a valid group name"),
            (Requests.QueryOffset(group, topic, 0), "the custom field <commitOffset> is null"),
        };
        refusals[^1].Item1.Code = RequestCode.UpdateConsumerOffset;

        foreach (var (request, remark) in refusals)
        {
            var response = await broker.InvokeAsync(request, serialization);
            Assert.Equal(ResponseCode.SystemError, response.Code);
            Assert.Contains(remark, response.Remark, StringComparison.Ordinal);
        }

        Assert.Equal(0, broker.Module.Offsets.PendingCount);
        var query = await broker.InvokeAsync(Requests.Raw(RequestCode.QueryConsumerOffset, ("topic", topic)),
            serialization);
        Assert.Equal(ResponseCode.SystemError, query.Code);
        Assert.Contains("<consumerGroup> is null", query.Remark, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_commits_flushed_at_random_points_end_as_the_last_commit_of_each_queue()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await using var broker = await TestBroker.StartLocalAsync(o => o.FlushConsumerOffsetInterval = 60_000);
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        var model = new Dictionary<int, long>();
        for (var step = 0; step < 400; step++)
        {
            var queueId = random.Next(8);
            var offset = random.Next(1000);
            broker.Module.Offsets.Commit(group, topic, queueId, offset);
            model[queueId] = offset;
            if (random.Next(20) == 0)
            {
                await broker.Module.Offsets.FlushAsync();
            }

            Assert.Equal(offset, broker.Module.Offsets.QueryOffset(group, topic, queueId));
        }

        await broker.Module.Offsets.FlushAsync();
        Assert.Equal(model.OrderBy(p => p.Key), broker.Store.Config.OffsetsOf(group, topic).OrderBy(p => p.Key));
        Assert.Equal(0, broker.Module.Offsets.PendingCount);
    }
}
