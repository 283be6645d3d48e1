using System.Text;
using RocketMQ.Broker.Sending;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;

namespace RocketMQ.Broker.Tests.Sending;

/// <summary>Raw send requests as RocketMQ producers and consumers build them, and checks on what got stored.</summary>
internal static class SendRequests
{
    public const long BornTimestamp = 1_700_000_000_123;

    /// <summary>A producer's header (TBW102 as template, 4 default queues).</summary>
    public static SendMessageRequestHeader Header(string topic, int queueId = 0, string? properties = null,
        int? reconsumeTimes = null, int? maxReconsumeTimes = null, bool batch = false, int sysFlag = 0) => new()
        {
            ProducerGroup = "PID_TEST",
            Topic = topic,
            DefaultTopic = "TBW102",
            DefaultTopicQueueNums = 4,
            QueueId = queueId,
            SysFlag = sysFlag,
            BornTimestamp = BornTimestamp,
            Flag = 7,
            Properties = properties,
            ReconsumeTimes = reconsumeTimes,
            MaxReconsumeTimes = maxReconsumeTimes,
            Batch = batch,
        };

    /// <summary>Properties as the Java client writes them: UNIQ_KEY, TAGS, WAIT, and any extra pairs.</summary>
    public static string Properties(string uniqueKey, string? tags = "TagA", params (string Name, string Value)[] extra)
    {
        var pairs = new List<KeyValuePair<string, string?>>
        {
            new(MessagePropertyNames.UniqueClientMessageId, uniqueKey),
            new(MessagePropertyNames.WaitStoreMessageOk, "true"),
        };
        if (tags is not null)
        {
            pairs.Add(new(MessagePropertyNames.Tags, tags));
        }

        pairs.AddRange(extra.Select(e => new KeyValuePair<string, string?>(e.Name, e.Value)));
        return MessageProperties.Serialize(pairs);
    }

    /// <summary>SEND_MESSAGE (10, full names) or SEND_MESSAGE_V2 (310, one-letter names).</summary>
    public static RemotingCommand Send(int code, SendMessageRequestHeader header, byte[] body)
    {
        var request = code == RequestCode.SendMessage
            ? RemotingCommand.CreateRequest(code, header)
            : RemotingCommand.CreateRequest(code, new SendMessageRequestHeaderV2 { Header = header });
        request.Version = RemotingCommand.CurrentVersion;
        request.Body = body;
        return request;
    }

    /// <summary>SEND_BATCH_MESSAGE (320) with the batch body of <paramref name="messages"/>.</summary>
    public static RemotingCommand Batch(SendMessageRequestHeader header,
        params (string Body, string Properties)[] messages)
    {
        var body = BatchBodyDecoder.Encode([.. messages.Select(m => new BatchItem(3, Encoding.UTF8.GetBytes(m.Body),
            m.Properties))]);
        return Send(RequestCode.SendBatchMessage, header with { Batch = true }, body);
    }

    /// <summary>CONSUMER_SEND_MSG_BACK (36).</summary>
    public static RemotingCommand SendBack(long offset, string group, int delayLevel = 0, int? maxReconsumeTimes = null,
        string? originMsgId = null) =>
        RemotingCommand.CreateRequest(RequestCode.ConsumerSendMsgBack, new ConsumerSendMsgBackRequestHeader
        {
            Offset = offset,
            Group = group,
            DelayLevel = delayLevel,
            OriginMsgId = originMsgId,
            OriginTopic = "origin",
            MaxReconsumeTimes = maxReconsumeTimes,
        });

    /// <summary>The commit-log offset inside an offsetMsgId.</summary>
    public static long OffsetOf(string offsetMessageId)
    {
        Assert.True(OffsetMessageId.TryParse(offsetMessageId, out _, out var offset), offsetMessageId);
        return offset;
    }

    /// <summary>What the store holds at a commit-log offset, decoded.</summary>
    public static async Task<StoredView> LookAsync(RocketMQ.Store.MessageStore store, long commitLogOffset)
    {
        using var result = await store.LookMessageByOffsetAsync(commitLogOffset);
        Assert.Equal(GetMessageStatus.Found, result.Status);
        return StoredView.Of(result.Messages.Span, result.Slots[0].QueueOffset);
    }

    /// <summary>Every message of a queue from <paramref name="from"/>, decoded.</summary>
    public static async Task<List<StoredView>> ReadQueueAsync(RocketMQ.Store.MessageStore store, string topic,
        int queueId, long from = 0)
    {
        var views = new List<StoredView>();
        using var result = await store.GetMessagesAsync(topic, queueId, from, 64);
        foreach (var slot in result.Slots)
        {
            views.Add(StoredView.Of(result.Messages.Span.Slice(slot.Start, slot.Size), slot.QueueOffset));
        }

        return views;
    }
}

/// <summary>A stored message's fields, copied out.</summary>
internal sealed record StoredView(string Topic, int QueueId, long QueueOffset, int Flag, int SysFlag,
    long BornTimestamp, long StoreTimestamp, int ReconsumeTimes, string Body, Dictionary<string, string> Properties,
    byte[] BornHost)
{
    public static StoredView Of(ReadOnlySpan<byte> bytes, long queueOffset)
    {
        Assert.True(StoredMessage.TryRead(bytes, out var message));
        return new StoredView(Encoding.UTF8.GetString(message.Topic), message.QueueId, queueOffset, message.Flag,
            message.SysFlag, message.BornTimestamp, message.StoreTimestamp, message.ReconsumeTimes,
            Encoding.UTF8.GetString(message.Body), MessageProperties.Parse(Encoding.UTF8.GetString(message.Properties)),
            message.BornHost.ToArray());
    }
}
