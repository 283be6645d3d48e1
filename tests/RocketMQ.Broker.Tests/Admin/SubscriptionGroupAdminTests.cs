using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Config;
using static RocketMQ.Broker.Tests.Admin.AdminTestKit;

namespace RocketMQ.Broker.Tests.Admin;

/// <summary>UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200), DELETE_SUBSCRIPTIONGROUP (207) and
/// GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) over raw TCP.</summary>
public sealed class SubscriptionGroupAdminTests(AdminBrokerFixture fixture) : IClassFixture<AdminBrokerFixture>
{
    private BrokerHarness Broker => fixture.Broker;

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task A_created_group_shows_up_with_its_settings_and_Java_defaults(SerializeType serialization)
    {
        var group = Name("CID", serialization);

        // fastjson's field order and a RocketMQ 5 field this broker does not know.
        var response = await Broker.InvokeAsync(WithBody(RequestCode.UpdateAndCreateSubscriptionGroup,
            $$"""{"brokerId":0,"consumeBroadcastEnable":false,"groupName":"{{group}}","retryMaxTimes":3,""" +
            """ "retryQueueNums":2,"consumeMessageOrderly":true}"""), serialization);

        AssertCode(ResponseCode.Success, response);
        var all = await GetAllAsync(serialization);
        var config = all.SubscriptionGroupTable[group];
        Assert.Equal((group, false, 3, 2, true, true, 1L, true),
            (config.GroupName, config.ConsumeBroadcastEnable, config.RetryMaxTimes, config.RetryQueueNums,
                config.ConsumeEnable, config.ConsumeFromMinEnable, config.WhichBrokerWhenConsumeSlowly,
                config.NotifyConsumerIdsChangedEnable));
        Assert.True(all.DataVersion.Counter > 0);
        Assert.Equal(3, Broker.Context.Store.Config.FindGroup(group)!.RetryMaxTimes);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Deleting_a_group_removes_it_and_with_removeOffset_its_offsets(SerializeType serialization)
    {
        var kept = Name("Kept", serialization);
        var dropped = Name("Dropped", serialization);
        foreach (var group in new[] { kept, dropped })
        {
            AssertCode(ResponseCode.Success, await Broker.InvokeAsync(WithBody(
                RequestCode.UpdateAndCreateSubscriptionGroup, $$"""{"groupName":"{{group}}"}"""), serialization));
            var committed = await Broker.Context.Store.CommitOffsetsAsync([new ConsumerOffsetEntry(group, "T", 0, 7)]);
            Assert.True(committed.IsOk);
        }

        var keepOffsets = await Broker.InvokeAsync(Delete(kept, removeOffset: false), serialization);
        var dropOffsets = await Broker.InvokeAsync(Delete(dropped, removeOffset: true), serialization);

        AssertCode(ResponseCode.Success, keepOffsets);
        AssertCode(ResponseCode.Success, dropOffsets);
        var config = Broker.Context.Store.Config;
        Assert.Null(config.FindGroup(kept));
        Assert.Null(config.FindGroup(dropped));
        Assert.Equal(7, config.QueryOffset(kept, "T", 0));
        Assert.Equal(-1, config.QueryOffset(dropped, "T", 0));
        Assert.DoesNotContain(kept, (await GetAllAsync(serialization)).SubscriptionGroupTable.Keys);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Deleting_an_unknown_group_succeeds_as_in_Java(SerializeType serialization)
    {
        AssertCode(ResponseCode.Success,
            await Broker.InvokeAsync(Delete(Name("Unknown", serialization), removeOffset: true), serialization));
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Bad_group_bodies_are_refused_with_a_reason(SerializeType serialization)
    {
        var version = Broker.Context.Store.Config.GroupsVersion;
        var cases = new (string? Body, string Remark)[]
        {
            (null, "body (SubscriptionGroupConfigBody) is missing"),
            ("{\"groupName\":", "not a valid SubscriptionGroupConfigBody"),
            ("{}", "The specified group is blank."),
            ("{\"groupName\":\"bad group\"}", "contains illegal characters"),
            ($"{{\"groupName\":\"{new string('g', 256)}\"}}", "longer than group max length 255"),
            ("{\"groupName\":\"G1\",\"retryQueueNums\":-1}", "retryQueueNums -1 is negative"),
            ("{\"groupName\":\"G1\",\"retryMaxTimes\":-2}", "retryMaxTimes -2 is below -1"),
            ("{\"groupName\":\"G1\",\"brokerId\":\"x\"}", "not a valid SubscriptionGroupConfigBody"),
        };
        foreach (var (body, remark) in cases)
        {
            var request = body is null
                ? RemotingCommand.CreateRequest(RequestCode.UpdateAndCreateSubscriptionGroup)
                : WithBody(RequestCode.UpdateAndCreateSubscriptionGroup, body);

            var response = await Broker.InvokeAsync(request, serialization);

            AssertCode(ResponseCode.SystemError, response);
            Assert.Contains(remark, response.Remark, StringComparison.Ordinal);
        }

        Assert.Equal(version, Broker.Context.Store.Config.GroupsVersion);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task A_delete_without_a_group_name_is_refused(SerializeType serialization)
    {
        var response = await Broker.InvokeAsync(RemotingCommand.CreateRequest(RequestCode.DeleteSubscriptionGroup),
            serialization);

        AssertCode(ResponseCode.SystemError, response);
        Assert.Contains("groupName", response.Remark, StringComparison.Ordinal);
    }

    private async Task<SubscriptionGroupWrapper> GetAllAsync(SerializeType serialization)
    {
        var response = await Broker.InvokeAsync(
            RemotingCommand.CreateRequest(RequestCode.GetAllSubscriptionGroupConfig), serialization);
        AssertCode(ResponseCode.Success, response);
        return RemotingJson.Deserialize(response.Body, AdminJsonContext.Default.SubscriptionGroupWrapper);
    }

    private static RemotingCommand Delete(string group, bool removeOffset) =>
        RemotingCommand.CreateRequest(RequestCode.DeleteSubscriptionGroup,
            new DeleteSubscriptionGroupRequestHeader { GroupName = group, RemoveOffset = removeOffset });
}
