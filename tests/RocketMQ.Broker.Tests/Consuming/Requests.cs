using System.Text;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Records;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>Raw requests as RocketMQ clients build them, and decoders for what the broker answers.</summary>
internal static class Requests
{
    /// <summary>Both header serializations: every processor is tested in each.</summary>
    public static TheoryData<SerializeType> Serializations => [SerializeType.Json, SerializeType.RocketMq];

    /// <summary>A unique name per test (topics and groups never collide between tests on one broker).</summary>
    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];

    /// <summary>A consumer heartbeat (Java client's shape) subscribing <paramref name="topic"/> with
    /// <paramref name="expression"/> (codeSet computed as Java does).</summary>
    public static RemotingCommand Heartbeat(string clientId, string group, string topic, string expression = "*",
        string model = "CLUSTERING", long subVersion = 1)
    {
        var subscription = new SubscriptionData { Topic = topic, SubString = expression, SubVersion = subVersion };
        if (expression != "*")
        {
            foreach (var tag in expression.Split("||").Select(t => t.Trim()).Where(t => t.Length > 0))
            {
                subscription.TagsSet.Add(tag);
                subscription.CodeSet.Add((int)TagsHash.Of(tag));
            }
        }

        return Heartbeat(new HeartbeatData
        {
            ClientId = clientId,
            ConsumerDataSet =
            [
                new ConsumerData
                {
                    GroupName = group,
                    ConsumeType = "CONSUME_PASSIVELY",
                    MessageModel = model,
                    ConsumeFromWhere = "CONSUME_FROM_LAST_OFFSET",
                    SubscriptionDataSet = [subscription],
                },
            ],
        });
    }

    public static RemotingCommand Heartbeat(HeartbeatData data)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.HeartBeat);
        request.Language = LanguageCode.Java;
        request.Body = RemotingJson.Serialize(data, ClientJsonContext.Default.HeartbeatData);
        return request;
    }

    public static RemotingCommand ProducerHeartbeat(string clientId, string group) => Heartbeat(new HeartbeatData
    {
        ClientId = clientId,
        ProducerDataSet = [new ProducerData { GroupName = group }],
    });

    public static RemotingCommand Pull(string group, string topic, int queueId, long offset, int sysFlag = 0,
        string? subscription = null, long suspendMs = 0, int maxMessages = 32, long commitOffset = 0,
        long subVersion = 0, string? expressionType = null) =>
        RemotingCommand.CreateRequest(RequestCode.PullMessage, new PullMessageRequestHeader
        {
            ConsumerGroup = group,
            Topic = topic,
            QueueId = queueId,
            QueueOffset = offset,
            MaxMsgNums = maxMessages,
            SysFlag = sysFlag | (subscription is null ? 0 : PullSysFlag.Subscription),
            CommitOffset = commitOffset,
            SuspendTimeoutMillis = suspendMs,
            Subscription = subscription,
            SubVersion = subVersion,
            ExpressionType = expressionType,
        });

    public static RemotingCommand QueryOffset(string group, string topic, int queueId) =>
        RemotingCommand.CreateRequest(RequestCode.QueryConsumerOffset,
            new ConsumerOffsetRequestHeader { ConsumerGroup = group, Topic = topic, QueueId = queueId });

    public static RemotingCommand UpdateOffset(string group, string topic, int queueId, long offset) =>
        RemotingCommand.CreateRequest(RequestCode.UpdateConsumerOffset, new ConsumerOffsetRequestHeader
        {
            ConsumerGroup = group,
            Topic = topic,
            QueueId = queueId,
            CommitOffset = offset,
        });

    public static RemotingCommand Queue(int code, string topic, int queueId, long? timestamp = null) =>
        RemotingCommand.CreateRequest(code, new QueueRequestHeader
        {
            Topic = topic,
            QueueId = queueId,
            Timestamp = timestamp,
        });

    public static RemotingCommand Group(int code, string group, string? topic = null) =>
        RemotingCommand.CreateRequest(code, new ConsumerGroupHeader { ConsumerGroup = group, Topic = topic });

    public static RemotingCommand Lock(int code, string group, string clientId, string topic, params int[] queueIds)
    {
        var request = RemotingCommand.CreateRequest(code);
        request.Body = RemotingJson.Serialize(new LockBatchRequestBody
        {
            ConsumerGroup = group,
            ClientId = clientId,
            MqSet = [.. queueIds.Select(q => new MessageQueueData { Topic = topic, BrokerName = "b", QueueId = q })],
        }, ClientJsonContext.Default.LockBatchRequestBody);
        return request;
    }

    /// <summary>A request with the given ext fields verbatim (missing or malformed fields).</summary>
    public static RemotingCommand Raw(int code, params (string Key, string Value)[] fields)
    {
        var request = RemotingCommand.CreateRequest(code);
        foreach (var (key, value) in fields)
        {
            request.SetExtField(key, value);
        }

        return request;
    }

    public static PullMessageResponseHeader PullHeader(RemotingCommand response) =>
        response.DecodeHeader<PullMessageResponseHeader>();

    public static long Offset(RemotingCommand response) => response.DecodeHeader<OffsetResponseHeader>().Offset;

    /// <summary>The messages of a pull response body: queue offset, TAGS and body of each.</summary>
    public static List<(long QueueOffset, string? Tags, string Body)> Messages(RemotingCommand response)
    {
        var messages = new List<(long, string?, string)>();
        var bytes = response.Body.Span;
        while (!bytes.IsEmpty)
        {
            var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes);
            Assert.True(StoredMessage.TryRead(bytes[..size], out var message), "a pulled message does not decode");
            var properties = Encoding.UTF8.GetString(message.Properties);
            var tags = properties.Split('\u0002').Select(p => p.Split('\u0001'))
                .FirstOrDefault(p => p.Length == 2 && p[0] == "TAGS")?[1];
            messages.Add((message.QueueOffset, tags, Encoding.UTF8.GetString(message.Body)));
            bytes = bytes[size..];
        }

        return messages;
    }

    /// <summary>Waits for a condition no event announces, checking every 10 ms until the deadline.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (!condition())
        {
            try
            {
                await Task.Delay(10, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out after {deadline.TotalSeconds} s waiting for {what}");
            }
        }
    }
}
