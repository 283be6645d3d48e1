using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Transport;
using Xunit.Abstractions;

namespace RocketMQ.Integration.Tests;

/// <summary>
/// Issue 5's interop tests with the real RocketMQ JavaScript client (ali-ons 3.12.0, tests/interop) against a name
/// server and a three-member broker group running as processes: produce with tags and keys, a push consumer group
/// receives everything, failing consumption goes through retries to the DLQ, two consumers split the queues, and all
/// of it across a SIGKILL of the leader.
/// </summary>
public sealed class AliOnsInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task A_push_consumer_group_receives_every_message_with_its_body_tag_and_key()
    {
        await using var group = new BrokerGroupProcesses();
        await group.StartAsync();
        await CreateTopicAsync(group, "InteropTopic", 4);

        var sent = await ProduceAsync(group, "InteropTopic", 40, first: 0);
        var received = await ConsumeAsync(group, "InteropTopic", "CID_INTEROP", expected: 40);

        foreach (var message in sent)
        {
            var key = message.GetProperty("key").GetString()!;
            var delivery = received.FirstOrDefault(r => r.GetProperty("keys").GetString() == key);
            Assert.True(delivery.ValueKind == JsonValueKind.Object, $"{key} was not delivered");
            Assert.Equal(message.GetProperty("tag").GetString(), delivery.GetProperty("tags").GetString());
            Assert.Equal("body-" + key[4..], delivery.GetProperty("body").GetString());
        }
    }

    [Fact]
    public async Task Failing_consumption_is_retried_and_finally_lands_in_the_DLQ()
    {
        // Fast delay levels so two retries take seconds, not the default 10 s + 30 s.
        await using var group = new BrokerGroupProcesses("messageDelayLevel=1s 1s 1s 1s 1s 1s");
        await group.StartAsync();
        await CreateTopicAsync(group, "RetryTopic", 1);
        await ProduceAsync(group, "RetryTopic", 1, first: 1000);

        // maxReconsumeTimes 2: the first delivery and two retries fail, then the client's send-back of the last
        // failure makes the broker move the message to %DLQ%. The consumer keeps running until that is seen.
        await using var consumer = await NodeScript.StartAsync("consume.js", group.NameServer, "RetryTopic",
            "CID_RETRY", "1000", "120", "--fail", "2");
        using var deadline = new CancellationTokenSource(Deadline);
        while (await MaxOffsetAsync(group, "%DLQ%CID_RETRY", 0) < 1)
        {
            Assert.False(deadline.IsCancellationRequested, "nothing reached %DLQ%CID_RETRY: " + consumer.Errors);
            await Task.Delay(200, CancellationToken.None);
        }

        var deliveries = Deliveries(consumer.Lines);
        foreach (var delivery in deliveries)
        {
            output.WriteLine(delivery.ToString());
        }

        Assert.Equal([0, 1, 2], deliveries.Select(d => d.GetProperty("reconsumeTimes").GetInt32()).Order());
    }

    [Fact]
    public async Task Two_consumers_of_one_group_split_the_queues()
    {
        await using var group = new BrokerGroupProcesses();
        await group.StartAsync();
        await CreateTopicAsync(group, "SplitTopic", 4);
        await using var consumers = await ConsumerPair.StartAsync(group, "SplitTopic", "CID_SPLIT");
        await WaitForConsumersAsync(group, "CID_SPLIT", 2);

        var sent = await ProduceAsync(group, "SplitTopic", 40, first: 2000);

        var (fromA, fromB) = await consumers.ReceiveAllAsync(KeysOf(sent));
        Assert.NotEmpty(fromA);
        Assert.NotEmpty(fromB);
    }

    [Fact]
    public async Task Nothing_acknowledged_is_lost_when_the_leader_is_killed()
    {
        await using var group = new BrokerGroupProcesses();
        await group.StartAsync();
        await CreateTopicAsync(group, "FailoverTopic", 4);
        await using var consumers = await ConsumerPair.StartAsync(group, "FailoverTopic", "CID_FAILOVER");
        await WaitForConsumersAsync(group, "CID_FAILOVER", 2);
        var before = await ProduceAsync(group, "FailoverTopic", 20, first: 3000);

        var leader = await group.WaitForLeaderAsync();
        output.WriteLine($"killing leader n{leader}");
        await group.KillAsync(leader);
        var after = await ProduceAsync(group, "FailoverTopic", 20, first: 4000);
        group.Restart(leader);

        // The group's two consumers live through the failover and receive every acknowledged message between them.
        var (fromA, fromB) = await consumers.ReceiveAllAsync(KeysOf(before.Concat(after)));
        Assert.NotEmpty(fromA);
        Assert.NotEmpty(fromB);
    }

    private static async Task WaitForConsumersAsync(BrokerGroupProcesses group, string consumerGroup, int count)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (await ConsumerCountAsync(group, consumerGroup) < count)
        {
            Assert.False(deadline.IsCancellationRequested, $"{consumerGroup} never had {count} consumers");
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static async Task<int> ConsumerCountAsync(BrokerGroupProcesses group, string consumerGroup)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetConsumerListByGroup);
        request.SetExtField("consumerGroup", consumerGroup);
        var response = await InvokeLeaderAsync(group, request);
        if (response.Code != ResponseCode.Success || response.Body.IsEmpty)
        {
            return 0;
        }

        using var body = JsonDocument.Parse(response.Body);
        return body.RootElement.TryGetProperty("consumerIdList", out var ids) ? ids.GetArrayLength() : 0;
    }

    /// <summary>
    /// Two ali-ons push consumers of one group that run until the test has seen every expected key between them,
    /// then are told to stop (a stop file) so the test never waits out a fixed time.
    /// </summary>
    private sealed class ConsumerPair : IAsyncDisposable
    {
        private readonly string _stopFile;
        private readonly NodeScript _a;
        private readonly NodeScript _b;

        private ConsumerPair(string stopFile, NodeScript a, NodeScript b) => (_stopFile, _a, _b) = (stopFile, a, b);

        public static async Task<ConsumerPair> StartAsync(BrokerGroupProcesses group, string topic,
            string consumerGroup)
        {
            var stopFile = Path.Combine(Path.GetTempPath(), $"consume-stop-{Guid.NewGuid():N}");
            string[] arguments = [group.NameServer, topic, consumerGroup, "1000000", "120", "--stop-file", stopFile];
            var a = await NodeScript.StartAsync("consume.js", arguments);
            var b = await NodeScript.StartAsync("consume.js", arguments);
            return new ConsumerPair(stopFile, a, b);
        }

        public async Task<(List<JsonElement> A, List<JsonElement> B)> ReceiveAllAsync(IReadOnlySet<string> expected)
        {
            await NodeScript.WaitUntilAsync([_a, _b], () => expected.IsSubsetOf(Received()), Deadline,
                () => $"missing {string.Join(',', expected.Except(Received()))}; {_a.Errors} {_b.Errors}");
            await File.WriteAllTextAsync(_stopFile, "");
            return (Deliveries(await _a.CompleteAsync(Deadline)), Deliveries(await _b.CompleteAsync(Deadline)));
        }

        public async ValueTask DisposeAsync()
        {
            await _a.DisposeAsync();
            await _b.DisposeAsync();
            File.Delete(_stopFile);
        }

        private HashSet<string> Received() =>
            [.. Deliveries(_a.Lines.Concat(_b.Lines)).Select(d => d.GetProperty("keys").GetString()!)];
    }

    private static HashSet<string> KeysOf(IEnumerable<JsonElement> sent) =>
        [.. sent.Select(m => m.GetProperty("key").GetString()!)];

    private static async Task<List<JsonElement>> ProduceAsync(BrokerGroupProcesses group, string topic, int count,
        int first)
    {
        await using var producer = await NodeScript.StartAsync("produce.js", group.NameServer, topic,
            count.ToString(CultureInfo.InvariantCulture), first.ToString(CultureInfo.InvariantCulture), "120");
        var lines = await producer.CompleteAsync(Deadline);
        var acked = lines.Where(l => l.TryGetProperty("key", out _)).ToList();
        Assert.True(acked.Count == count, $"{acked.Count} of {count} acknowledged: {producer.Errors}");
        return acked;
    }

    private static async Task<List<JsonElement>> ConsumeAsync(BrokerGroupProcesses group, string topic,
        string consumerGroup, int expected)
    {
        await using var consumer = await NodeScript.StartAsync("consume.js", group.NameServer, topic, consumerGroup,
            expected.ToString(CultureInfo.InvariantCulture), "120");
        var received = Deliveries(await consumer.CompleteAsync(Deadline));
        var distinct = received.Select(r => r.GetProperty("keys").GetString()).Distinct().Count();
        Assert.True(distinct >= expected, $"received {distinct} of {expected}: {consumer.Errors}");
        return received;
    }

    private static List<JsonElement> Deliveries(IEnumerable<JsonElement> lines) =>
        [.. lines.Where(l => l.TryGetProperty("msgId", out _))];

    /// <summary>ali-ons does not create topics (interop.md): create it on the master, as mqadmin updateTopic does.</summary>
    private static async Task CreateTopicAsync(BrokerGroupProcesses group, string topic, int queues)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.UpdateAndCreateTopic);
        request.SetExtField("topic", topic);
        request.SetExtField("defaultTopic", "TBW102");
        request.SetExtField("readQueueNums", queues.ToString(CultureInfo.InvariantCulture));
        request.SetExtField("writeQueueNums", queues.ToString(CultureInfo.InvariantCulture));
        request.SetExtField("perm", "6");
        request.SetExtField("topicFilterType", "SINGLE_TAG");
        request.SetExtField("topicSysFlag", "0");
        request.SetExtField("order", "false");
        var response = await InvokeLeaderAsync(group, request);
        Assert.True(response.Code == ResponseCode.Success, response.Remark);
    }

    private static async Task<long> MaxOffsetAsync(BrokerGroupProcesses group, string topic, int queueId)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetMaxOffset);
        request.SetExtField("topic", topic);
        request.SetExtField("queueId", queueId.ToString(CultureInfo.InvariantCulture));
        var response = await InvokeLeaderAsync(group, request);
        return response.Code == ResponseCode.Success
            ? long.Parse(response.GetExtField("offset")!, CultureInfo.InvariantCulture)
            : -1;
    }

    private static async Task<RemotingCommand> InvokeLeaderAsync(BrokerGroupProcesses group, RemotingCommand request)
    {
        var leader = await group.WaitForLeaderAsync();
        await using var client = new TcpRemotingClient(new RemotingOptions(), null, NullLoggerFactory.Instance,
            TimeProvider.System);
        return await client.InvokeAsync($"127.0.0.1:{group.BrokerPorts[leader]}", request, TimeSpan.FromSeconds(10));
    }
}
