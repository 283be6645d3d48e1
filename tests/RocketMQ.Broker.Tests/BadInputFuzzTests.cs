using System.Globalization;
using System.Text;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Store.Config;
using Xunit.Abstractions;

namespace RocketMQ.Broker.Tests;

/// <summary>
/// Random malformed requests to every code the broker serves: each one is answered (a RocketMQ code, a remark when it
/// is an error) within the deadline, and the broker keeps serving valid sends and pulls afterwards. Seeded:
/// <c>BROKER_FUZZ_SEED</c> replays a run, <c>BROKER_FUZZ_REQUESTS</c> sets its length.
/// </summary>
public sealed class BadInputFuzzTests(ITestOutputHelper output)
{
    private static readonly int[] Codes =
    [
        RequestCode.SendMessage, RequestCode.SendMessageV2, RequestCode.SendBatchMessage,
        RequestCode.ConsumerSendMsgBack, RequestCode.PullMessage, RequestCode.QueryConsumerOffset,
        RequestCode.UpdateConsumerOffset, RequestCode.SearchOffsetByTimestamp, RequestCode.GetMaxOffset,
        RequestCode.GetMinOffset, RequestCode.GetEarliestMsgStoreTime, RequestCode.HeartBeat,
        RequestCode.UnregisterClient, RequestCode.GetConsumerListByGroup, RequestCode.GetConsumerConnectionList,
        RequestCode.GetProducerConnectionList, RequestCode.GetConsumeStats, RequestCode.LockBatchMq,
        RequestCode.UnlockBatchMq, RequestCode.UpdateAndCreateTopic, RequestCode.DeleteTopicInBroker,
        RequestCode.GetAllTopicConfig, RequestCode.GetTopicStatsInfo, RequestCode.UpdateAndCreateSubscriptionGroup,
        RequestCode.DeleteSubscriptionGroup, RequestCode.GetAllSubscriptionGroupConfig, RequestCode.GetBrokerConfig,
        RequestCode.UpdateBrokerConfig, RequestCode.GetBrokerRuntimeInfo, RequestCode.QueryMessage,
        RequestCode.ViewMessageById, RequestCode.LeadershipTransfer, 9999,
    ];

    /// <summary>Header names the broker's processors read (full and SEND_MESSAGE_V2's one-letter forms).</summary>
    private static readonly string[] Fields =
    [
        "topic", "queueId", "consumerGroup", "group", "offset", "queueOffset", "maxMsgNums", "sysFlag", "commitOffset",
        "suspendTimeoutMillis", "subscription", "subVersion", "expressionType", "producerGroup", "defaultTopic",
        "defaultTopicQueueNums", "flag", "bornTimestamp", "properties", "reconsumeTimes", "unitMode", "batch",
        "maxReconsumeTimes", "delayLevel", "originMsgId", "originTopic", "key", "maxNum", "beginTimestamp",
        "endTimestamp", "timestamp", "readQueueNums", "writeQueueNums", "perm", "topicFilterType", "topicSysFlag",
        "order", "clientID", "removeOffset", "msgId", "targetId", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k",
        "l", "m",
    ];

    private static readonly string[] Values =
    [
        "", "0", "1", "-1", "4", "7", "31", "65536", "2147483647", "-2147483648", "9223372036854775807",
        "-9223372036854775808", "99999999999999999999", "abc", "true", "false", "*", "TagA || TagB", "FuzzTopic",
        "TBW102", "%RETRY%CID_FUZZ", "%DLQ%CID_FUZZ", "SCHEDULE_TOPIC_XXXX", "CID_FUZZ", "bad topic", "\u0000\u0001",
        "UNIQ_KEY\u0001x\u0002DELAY\u000199\u0002", "DELAY\u0001abc\u0002", "1.5", "NaN", "0000000000000000",
        "AC1100010000271300000000000000FF", new string('x', 300), "ü€𝄞",
    ];

    [Fact]
    public async Task Malformed_requests_are_answered_and_the_broker_keeps_serving()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BROKER_FUZZ_SEED"), CultureInfo.InvariantCulture,
            out var replay) ? replay : Random.Shared.Next();
        var count = int.TryParse(Environment.GetEnvironmentVariable("BROKER_FUZZ_REQUESTS"),
            CultureInfo.InvariantCulture, out var requested) ? requested : 600;
        output.WriteLine($"BROKER_FUZZ_SEED={seed}");
        var random = new Random(seed);
        var outcomes = new Dictionary<(int Request, int Response), int>();

        await using var broker = await BrokerHarness.StartAsync();
        Assert.True((await broker.Context.Store.UpdateTopicAsync(new TopicConfig("FuzzTopic"))).IsOk);
        var first = await SendAsync(broker, "FuzzTopic");
        Assert.Equal(ResponseCode.Success, first.Code);
        var storedAt = Sending.SendRequests.OffsetOf(
            first.DecodeHeader<RocketMQ.Remoting.Protocol.Header.SendMessageResponseHeader>().MsgId!)
            .ToString(CultureInfo.InvariantCulture);

        for (var i = 0; i < count; i++)
        {
            var request = RandomRequest(random, storedAt);
            var serialization = random.Next(2) == 0 ? SerializeType.Json : SerializeType.RocketMq;
            var described = $"seed {seed}, request {i}: code {request.Code} {Describe(request)}";
            var response = await broker.InvokeAsync(request, serialization).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(response.Code >= 0, described);
            outcomes[(request.Code, response.Code)] = outcomes.GetValueOrDefault((request.Code, response.Code)) + 1;
            Assert.True(response.Code == ResponseCode.Success || !string.IsNullOrEmpty(response.Remark)
                || IsQuietCode(response.Code), $"no remark with code {response.Code}; {described}");
        }

        output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key.Request}->{o.Key.Response}:{o.Value}")));

        // Still serving: a fresh topic takes a send and gives it back to a pull.
        Assert.True((await broker.Context.Store.UpdateTopicAsync(new TopicConfig("AfterFuzz"))).IsOk);
        var sent = await SendAsync(broker, "AfterFuzz");
        Assert.True(sent.Code == ResponseCode.Success, $"seed {seed}: send after fuzzing: {sent.Remark}");
        var pulled = await broker.InvokeAsync(Consuming.Requests.Pull("CID_AFTER", "AfterFuzz", 0, 0,
            subscription: "*"));
        Assert.True(pulled.Code == ResponseCode.Success, $"seed {seed}: pull after fuzzing: {pulled.Remark}");
    }

    /// <summary>Codes Java answers without a remark on purpose (e.g. PULL_NOT_FOUND, QUERY_NOT_FOUND).</summary>
    private static bool IsQuietCode(int code) => code is ResponseCode.PullNotFound or ResponseCode.PullRetryImmediately
        or ResponseCode.PullOffsetMoved or ResponseCode.QueryNotFound;

    /// <summary>
    /// A valid request for a random code (<see cref="Template"/>; <paramref name="storedAt"/> is a stored message's
    /// commit-log offset), then up to three mutations: a field set to a random
    /// value, a required field removed, or the body replaced — so most requests get past header decoding and reach
    /// the processors' own checks.
    /// </summary>
    private static RemotingCommand RandomRequest(Random random, string storedAt)
    {
        var code = Codes[random.Next(Codes.Length)];
        var (fields, body) = Template(code, storedAt);
        var request = RemotingCommand.CreateRequest(code);
        foreach (var (name, value) in fields)
        {
            request.SetExtField(name, value);
        }

        request.Body = body;
        for (var m = random.Next(0, 4); m > 0; m--)
        {
            switch (random.Next(3))
            {
                case 0:
                    var name = random.Next(2) == 0 && fields.Count > 0
                        ? fields.Keys.ElementAt(random.Next(fields.Count))
                        : Fields[random.Next(Fields.Length)];
                    request.SetExtField(name, Values[random.Next(Values.Length)]);
                    break;
                case 1 when fields.Count > 0:
                    request.ExtFields!.Remove(fields.Keys.ElementAt(random.Next(fields.Count)));
                    break;
                default:
                    request.Body = RandomBody(random);
                    break;
            }
        }

        return request;
    }

    private static (Dictionary<string, string> Fields, byte[] Body) Template(int code, string storedAt)
    {
        const string Topic = "FuzzTopic";
        const string Group = "CID_FUZZ";
        var send = new Dictionary<string, string>
        {
            ["a"] = "PID_FUZZ",
            ["b"] = Topic,
            ["c"] = "TBW102",
            ["d"] = "4",
            ["e"] = "0",
            ["f"] = "0",
            ["g"] = "1700000000000",
            ["h"] = "0",
            ["i"] = "UNIQ_KEY\u0001FUZZ\u0002TAGS\u0001TagA\u0002",
            ["j"] = "0",
            ["k"] = "false",
            ["m"] = "false",
        };
        Dictionary<string, string> queue = new() { ["topic"] = Topic, ["queueId"] = "0", ["timestamp"] = "0" };
        return code switch
        {
            RequestCode.SendMessageV2 => (send, "payload"u8.ToArray()),
            RequestCode.SendMessage => (new()
            {
                ["producerGroup"] = "PID_FUZZ",
                ["topic"] = Topic,
                ["defaultTopic"] = "TBW102",
                ["defaultTopicQueueNums"] = "4",
                ["queueId"] = "0",
                ["sysFlag"] = "0",
                ["bornTimestamp"] = "1700000000000",
                ["flag"] = "0",
                ["properties"] = "TAGS\u0001TagA\u0002",
            }, "payload"u8.ToArray()),
            RequestCode.SendBatchMessage => (new(send) { ["m"] = "true" }, [0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0]),
            RequestCode.ConsumerSendMsgBack => (new()
            {
                ["offset"] = storedAt,
                ["group"] = Group,
                ["delayLevel"] = "0",
                ["originMsgId"] = "x",
                ["originTopic"] = Topic,
                ["unitMode"] = "false",
                ["maxReconsumeTimes"] = "2",
            }, []),
            RequestCode.PullMessage => (new()
            {
                ["consumerGroup"] = Group,
                ["topic"] = Topic,
                ["queueId"] = "0",
                ["queueOffset"] = "0",
                ["maxMsgNums"] = "32",
                ["sysFlag"] = "6",
                ["commitOffset"] = "0",
                ["suspendTimeoutMillis"] = "0",
                ["subscription"] = "*",
                ["subVersion"] = "0",
            }, []),
            RequestCode.QueryConsumerOffset or RequestCode.UpdateConsumerOffset => (new()
            {
                ["consumerGroup"] = Group,
                ["topic"] = Topic,
                ["queueId"] = "0",
                ["commitOffset"] = "1",
            }, []),
            RequestCode.SearchOffsetByTimestamp or RequestCode.GetMaxOffset or RequestCode.GetMinOffset
                or RequestCode.GetEarliestMsgStoreTime => (queue, []),
            RequestCode.HeartBeat => (new(), Encoding.UTF8.GetBytes("{\"clientID\":\"fuzz@1\",\"consumerDataSet\":"
                + "[{\"groupName\":\"CID_FUZZ\",\"consumeType\":\"CONSUME_PASSIVELY\",\"messageModel\":\"CLUSTERING\","
                + "\"consumeFromWhere\":\"CONSUME_FROM_FIRST_OFFSET\",\"subscriptionDataSet\":[{\"topic\":\"FuzzTopic\","
                + "\"subString\":\"*\",\"tagsSet\":[],\"codeSet\":[],\"subVersion\":1}],\"unitMode\":false}],"
                + "\"producerDataSet\":[{\"groupName\":\"PID_FUZZ\"}]}")),
            RequestCode.UnregisterClient => (new()
            {
                ["clientID"] = "fuzz@1",
                ["producerGroup"] = "PID_FUZZ",
                ["consumerGroup"] = Group,
            }, []),
            RequestCode.GetConsumerListByGroup or RequestCode.GetConsumerConnectionList => (new()
            {
                ["consumerGroup"] = Group,
            }, []),
            RequestCode.GetProducerConnectionList => (new() { ["producerGroup"] = "PID_FUZZ" }, []),
            RequestCode.GetConsumeStats => (new() { ["consumerGroup"] = Group, ["topic"] = Topic }, []),
            RequestCode.LockBatchMq or RequestCode.UnlockBatchMq => (new(), Encoding.UTF8.GetBytes(
                "{\"consumerGroup\":\"CID_FUZZ\",\"clientId\":\"fuzz@1\",\"mqSet\":[{\"topic\":\"FuzzTopic\","
                + "\"brokerName\":\"broker-test\",\"queueId\":0}]}")),
            RequestCode.UpdateAndCreateTopic => (new()
            {
                ["topic"] = "FuzzCreated",
                ["defaultTopic"] = "TBW102",
                ["readQueueNums"] = "4",
                ["writeQueueNums"] = "4",
                ["perm"] = "6",
                ["topicFilterType"] = "SINGLE_TAG",
                ["topicSysFlag"] = "0",
                ["order"] = "false",
            }, []),
            RequestCode.DeleteTopicInBroker => (new() { ["topic"] = "FuzzCreated" }, []),
            RequestCode.GetTopicStatsInfo => (new() { ["topic"] = Topic }, []),
            RequestCode.UpdateAndCreateSubscriptionGroup => (new(), Encoding.UTF8.GetBytes(
                "{\"groupName\":\"CID_FUZZ\",\"consumeEnable\":true,\"retryQueueNums\":1,\"retryMaxTimes\":16}")),
            RequestCode.DeleteSubscriptionGroup => (new() { ["groupName"] = "CID_GONE", ["removeOffset"] = "true" }, []),
            RequestCode.UpdateBrokerConfig => (new(), "defaultTopicQueueNums=8\n"u8.ToArray()),
            RequestCode.QueryMessage => (new()
            {
                ["topic"] = Topic,
                ["key"] = "FUZZ",
                ["maxNum"] = "32",
                ["beginTimestamp"] = "0",
                ["endTimestamp"] = "9223372036854775807",
            }, []),
            RequestCode.ViewMessageById => (new() { ["offset"] = storedAt }, []),
            RequestCode.LeadershipTransfer => (new() { ["targetId"] = "n0" }, []),
            _ => (new(), []),
        };
    }

    private static byte[] RandomBody(Random random) => random.Next(3) switch
    {
        0 => [],
        1 => RandomBytes(random, random.Next(1, 2048)),
        _ => Encoding.UTF8.GetBytes(Values[random.Next(Values.Length)]),
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Describe(RemotingCommand request) =>
        string.Join(' ', (request.ExtFields ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}"))
        + $" body {request.Body.Length} B";

    private static Task<RemotingCommand> SendAsync(BrokerHarness broker, string topic) =>
        broker.InvokeAsync(Sending.SendRequests.Send(RequestCode.SendMessageV2,
            Sending.SendRequests.Header(topic, properties: Sending.SendRequests.Properties("FUZZ-" + topic)),
            "payload"u8.ToArray()));
}
