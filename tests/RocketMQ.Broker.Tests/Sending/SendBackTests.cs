using System.Text;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Tests.Sending;

/// <summary>
/// CONSUMER_SEND_MSG_BACK (36) and sends into a retry topic (Java's handleRetryAndDLQ), over raw frames in both
/// serializations: retries go through the schedule topic, exhausted ones to the dead-letter topic.
/// </summary>
public sealed class SendBackTests
{
    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task A_message_sent_back_waits_in_the_schedule_topic_for_its_retry_topic(SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        var (offset, msgId) = await StoreOriginalAsync(broker, reconsumeTimes: 0);
        var response = await broker.InvokeAsync(SendRequests.SendBack(offset, "CG"), serialization);

        Assert.Equal(ResponseCode.Success, response.Code);
        Assert.Equal(serialization, response.SerializeType);
        Assert.NotNull(broker.Context.Store.Config.FindGroup("CG"));
        var retryTopic = broker.Topics.Find("%RETRY%CG");
        Assert.NotNull(retryTopic);
        Assert.Equal((1, 1, 6), (retryTopic.ReadQueueNums, retryTopic.WriteQueueNums, retryTopic.Perm));

        // Delay level 3 + reconsume times 0 = 3: schedule queue 2.
        var scheduled = Assert.Single(await SendRequests.ReadQueueAsync(broker.Store, "SCHEDULE_TOPIC_XXXX", 2));
        Assert.Equal(("%RETRY%CG", "0", "3"), (scheduled.Properties["REAL_TOPIC"], scheduled.Properties["REAL_QID"],
            scheduled.Properties["DELAY"]));
        Assert.Equal(("TopicA", msgId, "false"), (scheduled.Properties["RETRY_TOPIC"],
            scheduled.Properties["ORIGIN_MESSAGE_ID"], scheduled.Properties["WAIT"]));
        Assert.Equal(("U-1", "TagA"), (scheduled.Properties["UNIQ_KEY"], scheduled.Properties["TAGS"]));
        Assert.Equal((1, "payload", SendRequests.BornTimestamp, 7), (scheduled.ReconsumeTimes, scheduled.Body,
            scheduled.BornTimestamp, scheduled.Flag));
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task Exhausted_retries_and_negative_levels_go_to_the_dead_letter_topic(SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        var (exhausted, _) = await StoreOriginalAsync(broker, reconsumeTimes: 16);
        var (fresh, _) = await StoreOriginalAsync(broker, reconsumeTimes: 2);

        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(SendRequests.SendBack(exhausted, "CG"),
            serialization)).Code);
        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(SendRequests.SendBack(fresh, "CG", delayLevel: -1),
            serialization)).Code);
        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(SendRequests.SendBack(fresh, "CG",
            maxReconsumeTimes: 2), serialization)).Code);

        var dlq = broker.Topics.Find("%DLQ%CG");
        Assert.NotNull(dlq);
        Assert.Equal((1, 1, 6), (dlq.ReadQueueNums, dlq.WriteQueueNums, dlq.Perm));
        var dead = await SendRequests.ReadQueueAsync(broker.Store, "%DLQ%CG", 0);
        Assert.Equal([17, 3, 3], dead.Select(m => m.ReconsumeTimes));
        Assert.All(dead, m => Assert.Equal(("0", "TopicA"), (m.Properties["DELAY"], m.Properties["RETRY_TOPIC"])));
        Assert.Equal(0, broker.Store.GetMaxOffsetInQueue("SCHEDULE_TOPIC_XXXX", 2));
    }

    [Theory]
    [InlineData(121, true)] // V3_4_9, what ali-ons 3.x stamps: its maxReconsumeTimes counts
    [InlineData(120, false)] // older clients: the group's retryMaxTimes (16) counts
    public async Task The_clients_max_reconsume_times_counts_from_version_3_4_9_on(int version, bool dead)
    {
        await using var broker = await SendingBroker.StartAsync();
        var (offset, _) = await StoreOriginalAsync(broker, reconsumeTimes: 2);
        var request = SendRequests.SendBack(offset, "CG", maxReconsumeTimes: 2);
        request.Version = version;

        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(request, SerializeType.Json)).Code);

        Assert.Equal(dead, broker.Topics.Find("%DLQ%CG") is not null);
        Assert.Equal(dead ? 0 : 1, broker.Store.GetMaxOffsetInQueue("SCHEDULE_TOPIC_XXXX", 4));
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task An_explicit_level_is_used_and_an_existing_origin_id_kept(SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        var (offset, _) = await StoreOriginalAsync(broker, reconsumeTimes: 0, originId: "ORIGINAL-ID");
        var response = await broker.InvokeAsync(SendRequests.SendBack(offset, "CG", delayLevel: 5), serialization);

        Assert.Equal(ResponseCode.Success, response.Code);
        var scheduled = Assert.Single(await SendRequests.ReadQueueAsync(broker.Store, "SCHEDULE_TOPIC_XXXX", 4));
        Assert.Equal(("5", "ORIGINAL-ID"), (scheduled.Properties["DELAY"], scheduled.Properties["ORIGIN_MESSAGE_ID"]));
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task Bad_offsets_unknown_groups_and_followers_are_refused(SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync(o => o.AutoCreateSubscriptionGroup = false);
        var (offset, _) = await StoreOriginalAsync(broker, reconsumeTimes: 0);

        var unknownGroup = await broker.InvokeAsync(SendRequests.SendBack(offset, "NoSuchGroup"), serialization);
        Assert.Equal(ResponseCode.SubscriptionGroupNotExist, unknownGroup.Code);
        Assert.StartsWith("subscription group not exist, NoSuchGroup", unknownGroup.Remark);

        Assert.True((await broker.Store.UpdateSubscriptionGroupAsync(new("CG"))).IsOk);
        var badOffset = await broker.InvokeAsync(SendRequests.SendBack(offset + 12345, "CG"), serialization);
        Assert.Equal(ResponseCode.SystemError, badOffset.Code);
        Assert.Equal($"look message by offset failed, {offset + 12345}", badOffset.Remark);

        var missingField = SendRequests.SendBack(offset, "CG");
        missingField.ExtFields!.Remove("delayLevel");
        var missing = await broker.InvokeAsync(missingField, serialization);
        Assert.Equal(ResponseCode.SystemError, missing.Code);
        Assert.Contains("<delayLevel>", missing.Remark);

        broker.SetLeader(false);
        var follower = await broker.InvokeAsync(SendRequests.SendBack(offset, "CG"), serialization);
        Assert.Equal(ResponseCode.ServiceNotAvailable, follower.Code);
        Assert.Contains("the leader is n1", follower.Remark);
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task A_resend_into_a_retry_topic_goes_to_the_dead_letter_topic_after_max(SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        var retry = SendRequests.Properties("U-2", "TagA", ("DELAY", "4"));
        var below = await broker.InvokeAsync(SendRequests.Send(RequestCode.SendMessageV2,
            SendRequests.Header("%RETRY%CG", properties: retry, reconsumeTimes: 15), [1]), serialization);
        var atMax = await broker.InvokeAsync(SendRequests.Send(RequestCode.SendMessageV2,
            SendRequests.Header("%RETRY%CG", properties: retry, reconsumeTimes: 16), [2]), serialization);
        var clientMax = await broker.InvokeAsync(SendRequests.Send(RequestCode.SendMessage,
            SendRequests.Header("%RETRY%CG", properties: retry, reconsumeTimes: 3, maxReconsumeTimes: 3), [3]),
            serialization);

        Assert.Equal([ResponseCode.Success, ResponseCode.Success, ResponseCode.Success],
            new[] { below.Code, atMax.Code, clientMax.Code });
        var delayed = Assert.Single(await SendRequests.ReadQueueAsync(broker.Store, "SCHEDULE_TOPIC_XXXX", 3));
        Assert.Equal(("%RETRY%CG", 15), (delayed.Properties["REAL_TOPIC"], delayed.ReconsumeTimes));
        var dead = await SendRequests.ReadQueueAsync(broker.Store, "%DLQ%CG", 0);
        Assert.Equal(["\u0002", "\u0003"], dead.Select(m => m.Body));
        Assert.All(dead, m => Assert.False(m.Properties.ContainsKey("DELAY")));
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task A_resend_into_a_retry_topic_of_an_unknown_group_is_refused_without_auto_create(
        SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync(o => o.AutoCreateSubscriptionGroup = false);
        var response = await broker.InvokeAsync(SendRequests.Send(RequestCode.SendMessageV2,
            SendRequests.Header("%RETRY%Nobody", reconsumeTimes: 1), [1]), serialization);

        Assert.Equal(ResponseCode.SubscriptionGroupNotExist, response.Code);
        Assert.StartsWith("subscription group not exist, Nobody", response.Remark);
    }

    private static async Task<(long Offset, string MsgId)> StoreOriginalAsync(SendingBroker broker,
        int reconsumeTimes, string? originId = null)
    {
        if (broker.Topics.Find("TopicA") is null)
        {
            await broker.CreateTopicAsync("TopicA");
        }

        var properties = originId is null
            ? SendRequests.Properties("U-1", "TagA")
            : SendRequests.Properties("U-1", "TagA", (MessagePropertyNames.OriginMessageId, originId));
        var response = await broker.InvokeAsync(SendRequests.Send(RequestCode.SendMessageV2,
            SendRequests.Header("TopicA", properties: properties, reconsumeTimes: reconsumeTimes),
            Encoding.UTF8.GetBytes("payload")), SerializeType.Json);
        Assert.Equal(ResponseCode.Success, response.Code);
        var msgId = response.DecodeHeader<SendMessageResponseHeader>().MsgId;
        return (SendRequests.OffsetOf(msgId), msgId);
    }
}
