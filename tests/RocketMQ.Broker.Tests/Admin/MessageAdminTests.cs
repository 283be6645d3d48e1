using System.Globalization;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;
using static RocketMQ.Broker.Tests.Admin.AdminTestKit;

namespace RocketMQ.Broker.Tests.Admin;

/// <summary>GET_TOPIC_STATS_INFO (202), QUERY_MESSAGE (12) and VIEW_MESSAGE_BY_ID (33) over raw TCP, on messages
/// put through the store.</summary>
public sealed class MessageAdminTests(AdminBrokerFixture fixture) : IClassFixture<AdminBrokerFixture>
{
    private BrokerHarness Broker => fixture.Broker;

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Topic_stats_give_each_write_queue_its_bounds_and_last_store_time(SerializeType serialization)
    {
        var topic = Name("Stats", serialization);
        AssertCode(ResponseCode.Success, await Broker.InvokeAsync(CreateTopic(topic, 4, 3), serialization));
        var puts = await PutAsync(Broker, topic, 1, 3, "stats");

        var response = await Broker.InvokeAsync(TopicRequest(RequestCode.GetTopicStatsInfo, topic), serialization);

        AssertCode(ResponseCode.Success, response);
        var table = TopicStatsTableCodec.Decode(response.Body.Span);
        Assert.Equal([0, 1, 2], table.Select(row => row.Key.QueueId));
        Assert.All(table, row => Assert.Equal((topic, "broker-test"), (row.Key.Topic, row.Key.BrokerName)));
        Assert.Equal(new TopicOffsetBody(0, 0, 0), table[0].Value);
        Assert.Equal(new TopicOffsetBody(0, 3, puts[^1].StoreTimestamp), table[1].Value);
        Assert.Equal(new TopicOffsetBody(0, 0, 0), table[2].Value);
    }

    [Fact]
    public void The_stats_body_has_fastjsons_object_keys()
    {
        var body = TopicStatsTableCodec.Encode(
            [KeyValuePair.Create(new MessageQueueBody("T", "b", 0), new TopicOffsetBody(1, 2, 3))]);

        Assert.Equal("""{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:""" +
            """{"lastUpdateTimestamp":3,"maxOffset":2,"minOffset":1}}}""", System.Text.Encoding.UTF8.GetString(body));
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Stats_of_an_unknown_topic_are_TOPIC_NOT_EXIST(SerializeType serialization)
    {
        var topic = Name("NoStats", serialization);

        var response = await Broker.InvokeAsync(TopicRequest(RequestCode.GetTopicStatsInfo, topic), serialization);

        AssertCode(ResponseCode.TopicNotExist, response);
        Assert.Equal($"topic[{topic}] not exist", response.Remark);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task A_key_query_returns_the_messages_carrying_the_key_with_the_index_header(
        SerializeType serialization)
    {
        var topic = Name("Query", serialization);
        AssertCode(ResponseCode.Success, await Broker.InvokeAsync(CreateTopic(topic), serialization));
        await PutAsync(Broker, topic, 0, 3, "shared");
        await PutAsync(Broker, topic, 1, 1, "other");

        var response = await Broker.InvokeAsync(Query(topic, "shared", 10), serialization);

        AssertCode(ResponseCode.Success, response);
        var header = response.DecodeHeader<QueryMessageResponseHeader>();
        Assert.True(header.IndexLastUpdateTimestamp > 0 && header.IndexLastUpdatePhyoffset > 0);
        var messages = ReadMessages(response.Body.Span);
        Assert.Equal(["body 0", "body 1", "body 2"], messages.Select(m => m.Body).Order());
        Assert.All(messages, m => Assert.Equal(topic, m.Topic));
        Assert.Equal([0L, 1, 2], messages.Select(m => m.QueueOffset).Order());
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task A_query_by_client_message_id_finds_its_message(SerializeType serialization)
    {
        var topic = Name("Uniq", serialization);
        AssertCode(ResponseCode.Success, await Broker.InvokeAsync(CreateTopic(topic), serialization));
        await PutAsync(Broker, topic, 2, 2, "u");
        var request = Query(topic, "UNIQu1", 1);
        request.ExtFields![QueryMessageRequestHeader.UniqueKeyQueryField] = "true";

        var response = await Broker.InvokeAsync(request, serialization);

        AssertCode(ResponseCode.Success, response);
        Assert.Equal("body 1", Assert.Single(ReadMessages(response.Body.Span)).Body);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task A_query_that_matches_nothing_is_QUERY_NOT_FOUND_with_the_index_header(
        SerializeType serialization)
    {
        var topic = Name("Nothing", serialization);
        AssertCode(ResponseCode.Success, await Broker.InvokeAsync(CreateTopic(topic), serialization));
        await PutAsync(Broker, topic, 0, 1, "present");

        var missingKey = await Broker.InvokeAsync(Query(topic, "absent", 10), serialization);
        var pastRange = await Broker.InvokeAsync(Query(topic, "present", 10, end: 1000), serialization);

        foreach (var response in new[] { missingKey, pastRange })
        {
            AssertCode(ResponseCode.QueryNotFound, response);
            Assert.Equal("can not find message, maybe time range not correct", response.Remark);
            Assert.NotNull(response.GetExtField("indexLastUpdateTimestamp"));
            Assert.True(response.Body.IsEmpty);
        }
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task A_query_without_its_fields_is_refused_naming_the_field(SerializeType serialization)
    {
        var request = Query("AnyTopic", "k", 1);
        request.ExtFields!.Remove("maxNum");

        var response = await Broker.InvokeAsync(request, serialization);

        AssertCode(ResponseCode.SystemError, response);
        Assert.Contains("maxNum", response.Remark, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task View_by_commit_log_offset_returns_the_stored_message(SerializeType serialization)
    {
        var topic = Name("View", serialization);
        AssertCode(ResponseCode.Success, await Broker.InvokeAsync(CreateTopic(topic), serialization));
        var puts = await PutAsync(Broker, topic, 3, 2, "view");

        var response = await Broker.InvokeAsync(View(puts[1].CommitLogOffset.ToString(CultureInfo.InvariantCulture)),
            serialization);

        AssertCode(ResponseCode.Success, response);
        var message = Assert.Single(ReadMessages(response.Body.Span));
        Assert.Equal((topic, 1L, puts[1].CommitLogOffset, "body 1"),
            (message.Topic, message.QueueOffset, message.PhysicalOffset, message.Body));
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task View_of_an_offset_holding_no_message_is_refused(SerializeType serialization)
    {
        foreach (var offset in new[] { "0", "-5", (1L << 60).ToString(CultureInfo.InvariantCulture) })
        {
            var response = await Broker.InvokeAsync(View(offset), serialization);

            AssertCode(ResponseCode.SystemError, response);
            Assert.Equal($"can not find message by the offset, {offset}", response.Remark);
        }

        var notNumber = await Broker.InvokeAsync(View("abc"), serialization);
        AssertCode(ResponseCode.SystemError, notNumber);
        Assert.Contains("offset", notNumber.Remark, StringComparison.Ordinal);
    }

    private static RemotingCommand Query(string topic, string key, int maxNum, long end = long.MaxValue) =>
        RemotingCommand.CreateRequest(RequestCode.QueryMessage, new QueryMessageRequestHeader
        {
            Topic = topic,
            Key = key,
            MaxNum = maxNum,
            BeginTimestamp = 0,
            EndTimestamp = end,
        });

    private static RemotingCommand View(string offset)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.ViewMessageById);
        request.SetExtField("offset", offset);
        return request;
    }
}
