using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using static RocketMQ.Broker.Tests.Admin.AdminTestKit;

namespace RocketMQ.Broker.Tests.Admin;

/// <summary>UPDATE_AND_CREATE_TOPIC (17), DELETE_TOPIC_IN_BROKER (215) and GET_ALL_TOPIC_CONFIG (21) over raw TCP.
/// </summary>
public sealed class TopicAdminTests(AdminBrokerFixture fixture) : IClassFixture<AdminBrokerFixture>
{
    private BrokerHarness Broker => fixture.Broker;

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task A_created_topic_shows_up_in_the_topic_config_with_the_header_values(SerializeType serialization)
    {
        var topic = Name("Created", serialization);
        var before = await GetAllTopicsAsync(Broker, serialization);

        var response = await Broker.InvokeAsync(
            CreateTopic(topic, readQueueNums: 3, writeQueueNums: 5, perm: 4, filterType: "MULTI_TAG", order: true),
            serialization);

        AssertCode(ResponseCode.Success, response);
        Assert.Equal(serialization, response.SerializeType);
        var after = await GetAllTopicsAsync(Broker, serialization);
        var config = after.TopicConfigTable[topic];
        Assert.Equal((topic, 3, 5, 4, "MULTI_TAG", true),
            (config.TopicName, config.ReadQueueNums, config.WriteQueueNums, config.Perm, config.TopicFilterType,
                config.Order));
        Assert.True(after.DataVersion.Counter > before.DataVersion.Counter, "the topic version moves");
        Assert.Contains(Topics.SystemTopics.AutoCreateTopicKey, after.TopicConfigTable.Keys);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Updating_a_topic_replaces_its_config(SerializeType serialization)
    {
        var topic = Name("Updated", serialization);
        AssertCode(ResponseCode.Success, await Broker.InvokeAsync(CreateTopic(topic, 8, 8), serialization));

        AssertCode(ResponseCode.Success, await Broker.InvokeAsync(CreateTopic(topic, 2, 1, perm: 2), serialization));

        var config = Broker.Context.Store.Config.FindTopic(topic)!;
        Assert.Equal((2, 1, 2), (config.ReadQueueNums, config.WriteQueueNums, config.Perm));
    }

    public static TheoryData<string, string, SerializeType> BadNames()
    {
        var data = new TheoryData<string, string, SerializeType>();
        foreach (var serialization in new[] { SerializeType.Json, SerializeType.RocketMq })
        {
            data.Add(" ", "The specified topic is blank.", serialization);
            data.Add("bad topic!", "The specified topic contains illegal characters", serialization);
            data.Add("tópico", "The specified topic contains illegal characters", serialization);
            data.Add(new string('t', 128), "The specified topic is longer than topic max length.", serialization);
            data.Add("TBW102", "The topic[TBW102] is conflict with system topic.", serialization);
            data.Add("SCHEDULE_TOPIC_XXXX", "is conflict with system topic", serialization);
            data.Add("rmq_sys_mine", "is conflict with system topic", serialization);
            data.Add("DefaultCluster", "is conflict with system topic", serialization);
            data.Add("broker-test", "is conflict with system topic", serialization);
            data.Add("DefaultCluster_REPLY_TOPIC", "is conflict with system topic", serialization);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Bad_and_reserved_topic_names_are_refused_for_create_and_delete(string topic, string remark,
        SerializeType serialization)
    {
        var version = Broker.Context.Store.Config.TopicsVersion;

        var created = await Broker.InvokeAsync(CreateTopic(topic), serialization);
        var deleted = await Broker.InvokeAsync(TopicRequest(RequestCode.DeleteTopicInBroker, topic), serialization);

        foreach (var response in new[] { created, deleted })
        {
            AssertCode(ResponseCode.SystemError, response);
            Assert.Contains(remark, response.Remark, StringComparison.Ordinal);
        }

        Assert.Equal(version, Broker.Context.Store.Config.TopicsVersion);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Malformed_create_headers_are_refused_with_the_field_named(SerializeType serialization)
    {
        var badFilter = CreateTopic(Name("Filter", serialization));
        badFilter.ExtFields!["topicFilterType"] = "NO_TAG";
        var missing = CreateTopic(Name("Missing", serialization));
        missing.ExtFields!.Remove("readQueueNums");
        var notNumber = CreateTopic(Name("NotNumber", serialization));
        notNumber.ExtFields!["perm"] = "rw";

        var cases = new (RemotingCommand Request, string Remark)[]
        {
            (badFilter, "topicFilterType = [NO_TAG] value invalid"),
            (missing, "readQueueNums"),
            (notNumber, "perm"),
            (CreateTopic(Name("Perm", serialization), perm: 8), "perm 8 is outside 0..7"),
            (CreateTopic(Name("Queues", serialization), readQueueNums: -1), "readQueueNums -1"),
            (CreateTopic(Name("Queues", serialization), writeQueueNums: 70_000), "writeQueueNums 70000"),
        };
        foreach (var (request, remark) in cases)
        {
            var response = await Broker.InvokeAsync(request, serialization);
            AssertCode(ResponseCode.SystemError, response);
            Assert.Contains(remark, response.Remark, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Deleting_a_topic_removes_its_config_queues_and_offsets(SerializeType serialization)
    {
        var topic = Name("Deleted", serialization);
        AssertCode(ResponseCode.Success, await Broker.InvokeAsync(CreateTopic(topic, 2, 2), serialization));
        await PutAsync(Broker, topic, 0, 2, "del");
        Assert.Equal(2, Broker.Context.Store.GetMaxOffsetInQueue(topic, 0));

        var response = await Broker.InvokeAsync(TopicRequest(RequestCode.DeleteTopicInBroker, topic), serialization);

        AssertCode(ResponseCode.Success, response);
        Assert.DoesNotContain(topic, (await GetAllTopicsAsync(Broker, serialization)).TopicConfigTable.Keys);
        Assert.Empty(Broker.Context.Store.QueuesOf(topic));
        var stats = await Broker.InvokeAsync(TopicRequest(RequestCode.GetTopicStatsInfo, topic), serialization);
        AssertCode(ResponseCode.TopicNotExist, stats);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Deleting_an_unknown_topic_succeeds_as_in_Java(SerializeType serialization)
    {
        var response = await Broker.InvokeAsync(
            TopicRequest(RequestCode.DeleteTopicInBroker, Name("Never", serialization)), serialization);

        AssertCode(ResponseCode.Success, response);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task A_delete_without_a_topic_is_refused(SerializeType serialization)
    {
        var response = await Broker.InvokeAsync(RemotingCommand.CreateRequest(RequestCode.DeleteTopicInBroker),
            serialization);

        AssertCode(ResponseCode.SystemError, response);
        Assert.Contains("topic", response.Remark, StringComparison.Ordinal);
    }
}
