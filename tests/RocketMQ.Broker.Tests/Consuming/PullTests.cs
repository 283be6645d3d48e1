using RocketMQ.Broker.Admin;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Config;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>PULL_MESSAGE without holding: statuses, offsets, filters and every refusal, in both serializations.
/// </summary>
public sealed class PullTests(SharedBroker shared) : IClassFixture<SharedBroker>
{
    private TestBroker Broker => shared.Broker;

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_pull_returns_the_stored_messages_with_the_offsets(SerializeType serialization)
    {
        var (group, topic) = await TopicWithMessagesAsync("a", "b", "c");

        var response = await Broker.InvokeAsync(Requests.Pull(group, topic, 1, 1, subscription: "*"), serialization);

        Assert.Equal(ResponseCode.Success, response.Code);
        Assert.Equal(serialization, response.SerializeType);
        Assert.Equal("FOUND", response.Remark);
        Assert.Equal([(1L, "TagA", "b"), (2L, "TagA", "c")], Requests.Messages(response));
        var header = Requests.PullHeader(response);
        Assert.Equal((3L, 0L, 3L, 0L), (header.NextBeginOffset, header.MinOffset, header.MaxOffset,
            header.SuggestWhichBrokerId));
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task MaxMsgNums_bounds_a_pull(SerializeType serialization)
    {
        var (group, topic) = await TopicWithMessagesAsync("a", "b", "c");
        var response = await Broker.InvokeAsync(Requests.Pull(group, topic, 1, 0, subscription: "*", maxMessages: 2),
            serialization);
        Assert.Equal(2, Requests.Messages(response).Count);
        Assert.Equal(2, Requests.PullHeader(response).NextBeginOffset);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Tag_expressions_filter_by_tags_hash(SerializeType serialization)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await Broker.CreateTopicAsync(topic);
        foreach (var tags in new[] { "TagA", "TagB", "TagA", "TagC" })
        {
            await Broker.PutAsync(topic, 0, tags, tags);
        }

        async Task<List<string?>> TagsAsync(string expression)
        {
            var response = await Broker.InvokeAsync(Requests.Pull(group, topic, 0, 0, subscription: expression),
                serialization);
            Assert.Equal(ResponseCode.Success, response.Code);
            return [.. Requests.Messages(response).Select(m => m.Tags)];
        }

        Assert.Equal(["TagA", "TagA"], await TagsAsync("TagA"));
        Assert.Equal(["TagA", "TagB", "TagA"], await TagsAsync(" TagA || TagB "));
        Assert.Equal(["TagA", "TagB", "TagA", "TagC"], await TagsAsync("*"));
        Assert.Equal(["TagA", "TagB", "TagA", "TagC"], await TagsAsync(""));

        // Nothing matches: PULL_RETRY_IMMEDIATELY, moving the consumer past what was scanned.
        var none = await Broker.InvokeAsync(Requests.Pull(group, topic, 0, 0, subscription: "TagZ"), serialization);
        Assert.Equal(ResponseCode.PullRetryImmediately, none.Code);
        Assert.Equal("NO_MATCHED_MESSAGE", none.Remark);
        Assert.Equal(4, Requests.PullHeader(none).NextBeginOffset);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Without_the_subscription_flag_the_heartbeat_subscription_filters(SerializeType serialization)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await Broker.CreateTopicAsync(topic);
        await Broker.PutAsync(topic, 0, "TagA", "1");
        await Broker.PutAsync(topic, 0, "TagB", "2");

        var offline = await Broker.InvokeAsync(Requests.Pull(group, topic, 0, 0), serialization);
        Assert.Equal(ResponseCode.SubscriptionNotExist, offline.Code);
        Assert.Equal("the consumer's group info not exist", offline.Remark);

        await Broker.InvokeAsync(Requests.Heartbeat("c@1", group, topic, "TagB", subVersion: 5), serialization);
        var response = await Broker.InvokeAsync(Requests.Pull(group, topic, 0, 0, subVersion: 5), serialization);
        Assert.Equal(["2"], Requests.Messages(response).Select(m => m.Body));

        var newer = await Broker.InvokeAsync(Requests.Pull(group, topic, 0, 0, subVersion: 6), serialization);
        Assert.Equal(ResponseCode.SubscriptionNotLatest, newer.Code);

        var otherTopic = await Broker.InvokeAsync(Requests.Pull(group, "SELF_TEST_TOPIC", 0, 0), serialization);
        Assert.Equal(ResponseCode.SubscriptionNotExist, otherTopic.Code);
        Assert.Equal("the consumer's subscription not exist", otherTopic.Remark);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Offsets_outside_the_queue_are_answered_as_Java_does(SerializeType serialization)
    {
        var (group, topic) = await TopicWithMessagesAsync("a", "b");
        async Task<(int Code, string? Remark, long Next)> PullAsync(int queueId, long offset)
        {
            var response = await Broker.InvokeAsync(Requests.Pull(group, topic, queueId, offset, subscription: "*"),
                serialization);
            return (response.Code, response.Remark, Requests.PullHeader(response).NextBeginOffset);
        }

        Assert.Equal((ResponseCode.PullNotFound, "OFFSET_OVERFLOW_ONE", 2L), await PullAsync(1, 2));
        Assert.Equal((ResponseCode.PullOffsetMoved, "OFFSET_OVERFLOW_BADLY", 2L), await PullAsync(1, 9));
        Assert.Equal((ResponseCode.PullNotFound, "NO_MATCHED_LOGIC_QUEUE", 0L), await PullAsync(2, 0));
        Assert.Equal((ResponseCode.PullOffsetMoved, "NO_MATCHED_LOGIC_QUEUE", 0L), await PullAsync(2, 5));
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task The_piggybacked_commit_offset_is_stored(SerializeType serialization)
    {
        var (group, topic) = await TopicWithMessagesAsync("a", "b", "c");
        var pull = Requests.Pull(group, topic, 1, 2, PullSysFlag.CommitOffset, "*", commitOffset: 2);
        Assert.Equal(ResponseCode.Success, (await Broker.InvokeAsync(pull, serialization)).Code);
        Assert.Equal(2, Broker.Module.Offsets.QueryOffset(group, topic, 1));

        // Without the flag the field is ignored.
        await Broker.InvokeAsync(Requests.Pull(group, topic, 1, 2, 0, "*", commitOffset: 3), serialization);
        Assert.Equal(2, Broker.Module.Offsets.QueryOffset(group, topic, 1));
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Refusals_carry_Java_codes_and_remarks(SerializeType serialization)
    {
        var (group, topic) = await TopicWithMessagesAsync("a");
        var writeOnly = Requests.Unique("T");
        await Broker.CreateTopicAsync(writeOnly, perm: (int)Permission.Write);
        var disabled = Requests.Unique("CID");
        await Broker.UpdateGroupAsync(new SubscriptionGroupConfig(disabled) { ConsumeEnable = false });

        async Task ExpectAsync(RemotingCommand request, int code, string remark)
        {
            var response = await Broker.InvokeAsync(request, serialization);
            Assert.Equal(code, response.Code);
            Assert.Contains(remark, response.Remark, StringComparison.Ordinal);
        }

        await ExpectAsync(Requests.Pull(group, "NoSuchTopic", 0, 0, subscription: "*"), ResponseCode.TopicNotExist,
            "topic[NoSuchTopic] not exist, apply first please!");
        await ExpectAsync(Requests.Pull(group, writeOnly, 0, 0, subscription: "*"), ResponseCode.NoPermission,
            $"the topic[{writeOnly}] pulling message is forbidden");
        await ExpectAsync(Requests.Pull(group, topic, 4, 0, subscription: "*"), ResponseCode.SystemError,
            "queueId[4] is illegal");
        await ExpectAsync(Requests.Pull(group, topic, -1, 0, subscription: "*"), ResponseCode.SystemError,
            "queueId[-1] is illegal");
        await ExpectAsync(Requests.Pull(disabled, topic, 0, 0, subscription: "*"), ResponseCode.NoPermission,
            "subscription group no permission, " + disabled);
        await ExpectAsync(Requests.Pull(group, topic, 0, 0, subscription: "||"),
            ResponseCode.SubscriptionParseFailed, "parse the consumer's subscription failed");
        await ExpectAsync(Requests.Pull(group, topic, 0, 0, subscription: "a > 1", expressionType: "SQL92"),
            ResponseCode.SystemError, "The broker does not support consumer to filter message by SQL92");
        await ExpectAsync(Requests.Raw(RequestCode.PullMessage, ("consumerGroup", group), ("topic", topic)),
            ResponseCode.SystemError, "the custom field <queueId> is null");
        await ExpectAsync(Requests.Raw(RequestCode.PullMessage, ("consumerGroup", group), ("topic", topic),
                ("queueId", "x"), ("queueOffset", "0"), ("maxMsgNums", "1"), ("sysFlag", "0")),
            ResponseCode.SystemError, "<queueId> has an invalid value 'x'");
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_broadcasting_group_may_be_refused(SerializeType serialization)
    {
        var (group, topic) = await TopicWithMessagesAsync("a");
        await Broker.UpdateGroupAsync(new SubscriptionGroupConfig(group) { ConsumeBroadcastEnable = false });
        await Broker.InvokeAsync(Requests.Heartbeat("c@1", group, topic, model: "BROADCASTING"), serialization);

        var response = await Broker.InvokeAsync(Requests.Pull(group, topic, 0, 0), serialization);

        Assert.Equal(ResponseCode.NoPermission, response.Code);
        Assert.Equal($"the consumer group[{group}] can not consume by broadcast way", response.Remark);
    }

    [Fact]
    public async Task Answered_pulls_are_counted_for_the_runtime_info()
    {
        await using var broker = await TestBroker.StartLocalAsync();
        using var stats = new BrokerStats(TimeProvider.System);
        broker.Context.Add(stats);
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await broker.CreateTopicAsync(topic);
        await broker.PutAsync(topic, 1, "TagA", "a");
        await broker.PutAsync(topic, 1, "TagA", "b");

        var found = await broker.InvokeAsync(Requests.Pull(group, topic, 1, 0, subscription: "*"), SerializeType.Json);
        var empty = await broker.InvokeAsync(Requests.Pull(group, topic, 1, 2, subscription: "*"), SerializeType.Json);

        Assert.Equal((ResponseCode.Success, ResponseCode.PullNotFound), (found.Code, empty.Code));
        Assert.Equal((1L, 1L, 2L), (stats.GetFoundTimes, stats.GetMissTimes, stats.MessagesTransferredTotal));
    }

    /// <summary>A topic with 4 queues and the messages in queue 1 (tag TagA), and a fresh group name.</summary>
    private async Task<(string Group, string Topic)> TopicWithMessagesAsync(params string[] bodies)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await Broker.CreateTopicAsync(topic);
        foreach (var body in bodies)
        {
            await Broker.PutAsync(topic, 1, "TagA", body);
        }

        return (group, topic);
    }
}
