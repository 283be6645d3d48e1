using RocketMQ.Broker.Consuming;
using RocketMQ.Broker.Consuming.Pull;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Store.Reading;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>Pure pieces: expression parsing (Java's FilterAPI), status mapping, and the client bodies' JSON.</summary>
public sealed class SubscriptionAndBodyTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("*", true)]
    [InlineData("TagA", false)]
    public void Star_empty_or_missing_selects_every_message(string? expression, bool selectsAll)
    {
        Assert.True(Subscription.TryParse("T", expression, null, out var subscription, out _));
        Assert.Equal(selectsAll, subscription!.Filter is null);
    }

    [Fact]
    public void Tags_are_split_on_double_bars_trimmed_and_matched_by_Java_hash()
    {
        Assert.True(Subscription.TryParse("T", " TagA ||TagB|| TagA ", "TAG", out var subscription, out _));
        Assert.Equal(["TagA", "TagB"], subscription!.Data.TagsSet);
        Assert.Equal([(int)TagsHash.Of("TagA"), (int)TagsHash.Of("TagB")], subscription.Data.CodeSet);
        Assert.True(subscription.Filter!.IsMatchedByConsumeQueue(TagsHash.Of("TagB")));
        Assert.False(subscription.Filter.IsMatchedByConsumeQueue(TagsHash.Of("TagC")));
        Assert.False(subscription.Filter.IsMatchedByConsumeQueue(0));

        // Java compares codeSet.contains(tagsCode.intValue()): the unit's code is cut to 32 bits.
        Assert.True(subscription.Filter.IsMatchedByConsumeQueue(TagsHash.Of("TagA") + (1L << 32)));
    }

    [Fact]
    public void Expressions_Java_cannot_split_fail_to_parse()
    {
        Assert.False(Subscription.TryParse("T", "||", null, out _, out var error));
        Assert.NotNull(error);
        Assert.False(Subscription.TryParse("T", "", "SQL92", out _, out _));

        // Blank tags parse to nothing: such a subscription matches no message (as Java).
        Assert.True(Subscription.TryParse("T", "  ", null, out var blank, out _));
        Assert.False(blank!.Filter!.IsMatchedByConsumeQueue(0));
        Assert.True(Subscription.TryParse("T", "a > 1", "SQL92", out var sql, out _));
        Assert.False(sql!.IsTagType);
    }

    [Fact]
    public void A_heartbeat_subscription_without_codes_derives_them_from_its_expression()
    {
        var subscription = Subscription.FromHeartbeat(new SubscriptionData { Topic = "T", SubString = "TagA" });
        Assert.True(subscription.Filter!.IsMatchedByConsumeQueue(TagsHash.Of("TagA")));
        var classFilter = Subscription.FromHeartbeat(new SubscriptionData
        {
            Topic = "T",
            SubString = "com.example.Filter",
            ClassFilterMode = true,
        });
        Assert.Null(classFilter.Filter);
    }

    [Theory]
    [InlineData(GetMessageStatus.Found, 5, ResponseCode.Success, "FOUND")]
    [InlineData(GetMessageStatus.MessageWasRemoving, 5, ResponseCode.PullRetryImmediately, "MESSAGE_WAS_REMOVING")]
    [InlineData(GetMessageStatus.NoMatchedMessage, 5, ResponseCode.PullRetryImmediately, "NO_MATCHED_MESSAGE")]
    [InlineData(GetMessageStatus.NoMatchedLogicQueue, 0, ResponseCode.PullNotFound, "NO_MATCHED_LOGIC_QUEUE")]
    [InlineData(GetMessageStatus.NoMatchedLogicQueue, 5, ResponseCode.PullOffsetMoved, "NO_MATCHED_LOGIC_QUEUE")]
    [InlineData(GetMessageStatus.NoMessageInQueue, 0, ResponseCode.PullNotFound, "NO_MESSAGE_IN_QUEUE")]
    [InlineData(GetMessageStatus.NoMessageInQueue, 5, ResponseCode.PullOffsetMoved, "NO_MESSAGE_IN_QUEUE")]
    [InlineData(GetMessageStatus.OffsetFoundNull, 5, ResponseCode.PullNotFound, "OFFSET_FOUND_NULL")]
    [InlineData(GetMessageStatus.OffsetOverflowOne, 5, ResponseCode.PullNotFound, "OFFSET_OVERFLOW_ONE")]
    [InlineData(GetMessageStatus.OffsetOverflowBadly, 5, ResponseCode.PullOffsetMoved, "OFFSET_OVERFLOW_BADLY")]
    [InlineData(GetMessageStatus.OffsetTooSmall, 5, ResponseCode.PullOffsetMoved, "OFFSET_TOO_SMALL")]
    public void Store_statuses_map_to_the_pull_codes_of_Java_4_9_8(GetMessageStatus status, long offset, int code,
        string remark)
    {
        Assert.Equal(code, PullStatus.ToResponseCode(status, offset));
        Assert.Equal(remark, PullStatus.JavaName(status));
    }

    [Fact]
    public void Consume_stats_read_fastjson_object_keys_and_round_trip()
    {
        var java = """
            {"consumeTps":1.5,"offsetTable":{{"brokerName":"broker-a","queueId":1,"topic":"T"}:{"brokerOffset":9,
            "consumerOffset":4,"lastTimestamp":1700000000000},{"brokerName":"b,}:{","queueId":0,"topic":"T\"x"}:
            {"brokerOffset":1,"consumerOffset":0,"lastTimestamp":0}}}
            """u8;
        var stats = ConsumeStatsCodec.Decode(java);
        Assert.Equal(1.5, stats.ConsumeTps);
        Assert.Equal(2, stats.OffsetTable.Count);
        Assert.Equal(("broker-a", 1, "T"), (stats.OffsetTable[0].Key.BrokerName, stats.OffsetTable[0].Key.QueueId,
            stats.OffsetTable[0].Key.Topic));
        Assert.Equal((9L, 4L, 1700000000000L), (stats.OffsetTable[0].Value.BrokerOffset,
            stats.OffsetTable[0].Value.ConsumerOffset, stats.OffsetTable[0].Value.LastTimestamp));
        Assert.Equal(("b,}:{", "T\"x"), (stats.OffsetTable[1].Key.BrokerName, stats.OffsetTable[1].Key.Topic));

        var again = ConsumeStatsCodec.Decode(ConsumeStatsCodec.Encode(stats));
        Assert.Equal(stats.OffsetTable.Select(e => (e.Key, e.Value.BrokerOffset)),
            again.OffsetTable.Select(e => (e.Key, e.Value.BrokerOffset)));
        Assert.Equal(
            """{"consumeTps":0.0,"offsetTable":{{"brokerName":"b","queueId":2,"topic":"T"}:""" +
            """{"brokerOffset":3,"consumerOffset":1,"lastTimestamp":0}}}""",
            System.Text.Encoding.UTF8.GetString(ConsumeStatsCodec.Encode(new ConsumeStats
            {
                OffsetTable =
                {
                    KeyValuePair.Create(new MessageQueueData { BrokerName = "b", QueueId = 2, Topic = "T" },
                        new OffsetWrapper { BrokerOffset = 3, ConsumerOffset = 1 }),
                },
            })));
    }

    [Fact]
    public void A_Java_heartbeat_body_decodes()
    {
        var java = """
            {"clientID":"10.0.0.5@12345","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET",
            "consumeType":"CONSUME_PASSIVELY","groupName":"CID_A","messageModel":"CLUSTERING",
            "subscriptionDataSet":[{"classFilterMode":false,"codeSet":[2598919],"expressionType":"TAG",
            "subString":"TagA","subVersion":1700000000000,"tagsSet":["TagA"],"topic":"T"}],"unitMode":false}],
            "producerDataSet":[{"groupName":"CLIENT_INNER_PRODUCER"}]}
            """u8.ToArray();
        var data = RemotingJson.Deserialize(java, ClientJsonContext.Default.HeartbeatData);
        Assert.Equal("10.0.0.5@12345", data.ClientId);
        var consumer = Assert.Single(data.ConsumerDataSet);
        Assert.Equal(("CID_A", "CLUSTERING"), (consumer.GroupName, consumer.MessageModel));
        var subscription = Assert.Single(consumer.SubscriptionDataSet);
        Assert.Equal([(int)TagsHash.Of("TagA")], subscription.CodeSet);
        Assert.Equal("CLIENT_INNER_PRODUCER", Assert.Single(data.ProducerDataSet).GroupName);
    }
}
