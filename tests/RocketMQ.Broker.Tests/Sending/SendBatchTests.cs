using System.Buffers.Binary;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Tests.Sending;

/// <summary>SEND_BATCH_MESSAGE (320) over raw frames, in both serializations.</summary>
public sealed class SendBatchTests
{
    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task A_batch_is_stored_with_consecutive_offsets_and_every_id_answered(SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        await broker.CreateTopicAsync("BatchTopic");
        var header = SendRequests.Header("BatchTopic", queueId: 1, properties: "WAIT\u0001true\u0002");
        var response = await broker.InvokeAsync(SendRequests.Batch(header,
            ("one", SendRequests.Properties("U1", "TagA")),
            ("two", "UNIQ_KEY\u0001U2"),
            ("three", "")), serialization);

        Assert.Equal(ResponseCode.Success, response.Code);
        Assert.Equal(serialization, response.SerializeType);
        var answer = response.DecodeHeader<SendMessageResponseHeader>();
        Assert.Equal((1, 0L), (answer.QueueId, answer.QueueOffset));
        var ids = answer.MsgId.Split(',');
        Assert.Equal(3, ids.Length);
        var stored = await SendRequests.ReadQueueAsync(broker.Store, "BatchTopic", 1);
        Assert.Equal(["one", "two", "three"], stored.Select(m => m.Body));
        Assert.Equal([0L, 1, 2], stored.Select(m => m.QueueOffset));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(stored[i].Body, (await SendRequests.LookAsync(broker.Store, SendRequests.OffsetOf(ids[i])))
                .Body);

            // As Java's batch encoder: each message's own properties, then the batch's (header + CLUSTER).
            Assert.Equal("DefaultCluster", stored[i].Properties[MessagePropertyNames.Cluster]);
            Assert.Equal("true", stored[i].Properties[MessagePropertyNames.WaitStoreMessageOk]);
            Assert.Equal((3, SendRequests.BornTimestamp), (stored[i].Flag, stored[i].BornTimestamp));
        }

        Assert.Equal(("U1", "TagA"), (stored[0].Properties["UNIQ_KEY"], stored[0].Properties["TAGS"]));
        Assert.Equal("U2", stored[1].Properties["UNIQ_KEY"]);
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task A_batch_with_one_oversize_message_stores_nothing(SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync(o => o.Store.MaxMessageSize = 2048);
        await broker.CreateTopicAsync("BatchTopic");
        var response = await broker.InvokeAsync(SendRequests.Batch(SendRequests.Header("BatchTopic"),
            ("small", ""), (new string('x', 1500), ""), ("small", "")), serialization);
        Assert.Equal(ResponseCode.Success, response.Code);

        var refused = await broker.InvokeAsync(SendRequests.Batch(SendRequests.Header("BatchTopic"),
            ("small", ""), (new string('x', 2049), "")), serialization);
        Assert.Equal(ResponseCode.MessageIllegal, refused.Code);

        // All or nothing: only the first batch's three messages are there.
        Assert.Equal(3, broker.Store.GetMaxOffsetInQueue("BatchTopic", 0));
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task A_batch_whose_last_message_the_store_refuses_stores_none_of_it(SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        await broker.CreateTopicAsync("BatchTopic");

        // Its own properties fit the batch body's int16 length, but with the batch's appended they exceed 32 KiB.
        var huge = "K\u0001" + new string('v', 32_750) + "\u0002";
        var response = await broker.InvokeAsync(SendRequests.Batch(SendRequests.Header("BatchTopic"),
            ("one", ""), ("two", ""), ("three", huge)), serialization);

        Assert.Equal(ResponseCode.MessageIllegal, response.Code);
        Assert.Contains("properties", response.Remark);
        Assert.Equal(0, broker.Store.GetMaxOffsetInQueue("BatchTopic", 0));
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task A_malformed_batch_body_is_MESSAGE_ILLEGAL_and_stores_nothing(SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        await broker.CreateTopicAsync("BatchTopic");
        var request = SendRequests.Batch(SendRequests.Header("BatchTopic"), ("one", ""), ("two", ""));

        // The second message claims a body longer than what is left.
        var body = request.Body.ToArray();
        var second = BinaryPrimitives.ReadInt32BigEndian(body);
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(second + 16), 1000);
        request.Body = body;
        var response = await broker.InvokeAsync(request, serialization);

        Assert.Equal(ResponseCode.MessageIllegal, response.Code);
        Assert.Contains("batch message 1", response.Remark);
        Assert.Equal(0, broker.Store.GetMaxOffsetInQueue("BatchTopic", 0));

        var empty = SendRequests.Batch(SendRequests.Header("BatchTopic"));
        Assert.Equal(ResponseCode.MessageIllegal, (await broker.InvokeAsync(empty, serialization)).Code);
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task Delayed_and_transactional_batches_are_MESSAGE_ILLEGAL(SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        await broker.CreateTopicAsync("BatchTopic");
        var delayed = await broker.InvokeAsync(SendRequests.Batch(
            SendRequests.Header("BatchTopic", properties: "DELAY\u00012\u0002"), ("one", "")), serialization);
        var transactional = await broker.InvokeAsync(SendRequests.Batch(
            SendRequests.Header("BatchTopic", sysFlag: 0x4), ("one", "")), serialization);

        Assert.Equal(ResponseCode.MessageIllegal, delayed.Code);
        Assert.Equal(ResponseCode.MessageIllegal, transactional.Code);
        Assert.Equal(0, broker.Store.GetMaxOffsetInQueue("BatchTopic", 0));
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task A_batch_to_a_follower_is_SERVICE_NOT_AVAILABLE(SerializeType serialization)
    {
        await using var broker = await SendingBroker.StartAsync();
        await broker.CreateTopicAsync("BatchTopic");
        broker.SetLeader(false);
        var response = await broker.InvokeAsync(SendRequests.Batch(SendRequests.Header("BatchTopic"), ("one", "")),
            serialization);

        Assert.Equal(ResponseCode.ServiceNotAvailable, response.Code);
        Assert.Contains("the leader is n1", response.Remark);
    }
}
