using System.Text;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Tests.Sending;

/// <summary>SEND_MESSAGE (10) and SEND_MESSAGE_V2 (310) over raw frames, in both serializations.</summary>
public sealed class SendMessageTests
{
    public static TheoryData<int, SerializeType> Codes => new()
    {
        { RequestCode.SendMessage, SerializeType.Json },
        { RequestCode.SendMessage, SerializeType.RocketMq },
        { RequestCode.SendMessageV2, SerializeType.Json },
        { RequestCode.SendMessageV2, SerializeType.RocketMq },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task A_send_is_stored_and_answered_with_its_offsetMsgId_queue_and_offset(int code,
        SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        await broker.CreateTopicAsync("TopicA");
        var properties = SendRequests.Properties("C0A80001000018B4AAC2", "TagA", ("KEYS", "k1 k2"));
        for (var i = 0; i < 2; i++)
        {
            var response = await broker.InvokeAsync(SendRequests.Send(code,
                SendRequests.Header("TopicA", queueId: 2, properties: properties), Encoding.UTF8.GetBytes("hello")),
                serialization);

            Assert.Equal(ResponseCode.Success, response.Code);
            Assert.Equal(serialization, response.SerializeType);
            Assert.Equal("DefaultRegion", response.GetExtField("MSG_REGION"));
            Assert.Equal("true", response.GetExtField("TRACE_ON"));
            var header = response.DecodeHeader<SendMessageResponseHeader>();
            Assert.Equal(2, header.QueueId);
            Assert.Equal(i, header.QueueOffset);
            Assert.Equal(32, header.MsgId.Length);
            var stored = await SendRequests.LookAsync(broker.Store, SendRequests.OffsetOf(header.MsgId));
            Assert.Equal(("TopicA", 2, (long)i, "hello"), (stored.Topic, stored.QueueId, stored.QueueOffset,
                stored.Body));
            Assert.Equal((7, SendRequests.BornTimestamp), (stored.Flag, stored.BornTimestamp));

            // As Java: WAIT is not stored, CLUSTER is added, the rest kept; BORNHOST is the client's address.
            Assert.False(stored.Properties.ContainsKey(MessagePropertyNames.WaitStoreMessageOk));
            Assert.Equal("DefaultCluster", stored.Properties[MessagePropertyNames.Cluster]);
            Assert.Equal("C0A80001000018B4AAC2", stored.Properties[MessagePropertyNames.UniqueClientMessageId]);
            Assert.Equal(("TagA", "k1 k2"), (stored.Properties["TAGS"], stored.Properties["KEYS"]));
            Assert.Equal([127, 0, 0, 1], stored.BornHost[..4]);
        }
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task An_unknown_topic_is_created_from_TBW102_with_the_smaller_queue_count(int code,
        SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync(o => o.DefaultTopicQueueNums = 3);
        var response = await broker.InvokeAsync(SendRequests.Send(code, SendRequests.Header("NewTopic", queueId: 1)
            with
        { DefaultTopicQueueNums = 8 }, [1, 2, 3]), serialization);

        Assert.Equal(ResponseCode.Success, response.Code);
        var created = broker.Topics.Find("NewTopic");
        Assert.NotNull(created);
        Assert.Equal((3, 3, 6), (created.ReadQueueNums, created.WriteQueueNums, created.Perm));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Concurrent_sends_to_a_new_topic_create_it_once(int code, SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        var before = broker.Store.Config.TopicsVersion.Counter;
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => broker.InvokeAsync(
            SendRequests.Send(code, SendRequests.Header("RaceTopic", queueId: i % 4), [(byte)i]), serialization)));

        Assert.All(responses, r => Assert.Equal(ResponseCode.Success, r.Code));
        Assert.Equal(before + 1, broker.Store.Config.TopicsVersion.Counter);
        Assert.Equal(16, Enumerable.Range(0, 4).Sum(q => broker.Store.GetMaxOffsetInQueue("RaceTopic", q)));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task An_unknown_topic_is_refused_with_TOPIC_NOT_EXIST_when_auto_create_is_off(int code,
        SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync(o => o.AutoCreateTopicEnable = false);
        var response = await broker.InvokeAsync(SendRequests.Send(code, SendRequests.Header("Missing"), [1]),
            serialization);

        Assert.Equal(ResponseCode.TopicNotExist, response.Code);
        Assert.StartsWith("topic[Missing] not exist, apply first please!", response.Remark);
        Assert.Equal("DefaultRegion", response.GetExtField("MSG_REGION"));
        Assert.Null(broker.Topics.Find("Missing"));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task A_body_above_maxMessageSize_is_MESSAGE_ILLEGAL_and_not_stored(int code,
        SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync(o => o.Store.MaxMessageSize = 1024);
        await broker.CreateTopicAsync("TopicA");
        var response = await broker.InvokeAsync(SendRequests.Send(code, SendRequests.Header("TopicA"),
            new byte[1025]), serialization);

        Assert.Equal(ResponseCode.MessageIllegal, response.Code);
        Assert.Contains("1024", response.Remark);
        Assert.Equal(0, broker.Store.GetMaxOffsetInQueue("TopicA", 0));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task A_queue_id_beyond_the_topics_queues_is_SYSTEM_ERROR(int code, SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        await broker.CreateTopicAsync("TopicA", queues: 4);
        var response = await broker.InvokeAsync(SendRequests.Send(code, SendRequests.Header("TopicA", queueId: 4),
            [1]), serialization);

        Assert.Equal(ResponseCode.SystemError, response.Code);
        Assert.StartsWith("request queueId[4] is illegal", response.Remark);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Reserved_topics_are_NO_PERMISSION_and_bad_names_SYSTEM_ERROR(int code,
        SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        foreach (var reserved in new[] { "TBW102", "SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRANS_HALF_TOPIC" })
        {
            var refused = await broker.InvokeAsync(SendRequests.Send(code, SendRequests.Header(reserved), [1]),
                serialization);
            Assert.Equal(ResponseCode.NoPermission, refused.Code);
            Assert.Equal($"Sending message to topic[{reserved}] is forbidden.", refused.Remark);
        }

        var bad = await broker.InvokeAsync(SendRequests.Send(code, SendRequests.Header("bad topic"), [1]),
            serialization);
        Assert.Equal(ResponseCode.SystemError, bad.Code);
        Assert.Contains("illegal characters", bad.Remark);
        var tooLong = await broker.InvokeAsync(SendRequests.Send(code, SendRequests.Header(new string('t', 128)),
            [1]), serialization);
        Assert.Equal(ResponseCode.SystemError, tooLong.Code);
        Assert.Equal(0, broker.Store.GetMaxOffsetInQueue("TBW102", 0));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task A_missing_header_field_is_SYSTEM_ERROR_naming_it(int code, SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        var request = SendRequests.Send(code, SendRequests.Header("TopicA"), [1]);
        request.ExtFields!.Remove(code == RequestCode.SendMessage ? "bornTimestamp" : "g");
        var response = await broker.InvokeAsync(request, serialization);

        Assert.Equal(ResponseCode.SystemError, response.Code);
        Assert.Contains(code == RequestCode.SendMessage ? "<bornTimestamp>" : "<g>", response.Remark);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task A_follower_refuses_with_SERVICE_NOT_AVAILABLE_naming_the_leader(int code,
        SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        await broker.CreateTopicAsync("TopicA");
        broker.SetLeader(false);
        var response = await broker.InvokeAsync(SendRequests.Send(code, SendRequests.Header("TopicA"), [1]),
            serialization);

        Assert.Equal(ResponseCode.ServiceNotAvailable, response.Code);
        Assert.Contains("not the leader", response.Remark);
        Assert.Contains("n1 at 127.0.0.1:10921", response.Remark);
        Assert.Equal(0, broker.Store.GetMaxOffsetInQueue("TopicA", 0));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task A_negative_queue_id_picks_a_write_queue_at_random(int code, SerializeType serialization)
    {
        var seed = Environment.TickCount;
        Console.WriteLine($"seed {seed}");
        await using var broker = await SendingBroker.StartAsync(seed: seed);
        await broker.CreateTopicAsync("TopicA", queues: 3);
        var chosen = new HashSet<int>();
        for (var i = 0; i < 30; i++)
        {
            var response = await broker.InvokeAsync(SendRequests.Send(code, SendRequests.Header("TopicA", queueId: -1),
                [1]), serialization);
            Assert.Equal(ResponseCode.Success, response.Code);
            chosen.Add(response.DecodeHeader<SendMessageResponseHeader>().QueueId);
        }

        Assert.Subset(new HashSet<int> { 0, 1, 2 }, chosen);
        Assert.True(chosen.Count > 1, $"seed {seed}: 30 sends all went to one queue");
    }
}
