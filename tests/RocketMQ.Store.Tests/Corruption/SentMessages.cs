using System.Globalization;
using System.Net;
using System.Text;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;

namespace RocketMQ.Store.Tests.Corruption;

/// <summary>One message as it was put, with the offsets the store gave it.</summary>
internal sealed record SentMessage(string Topic, int QueueId, long QueueOffset, long CommitLogOffset, int Size,
    byte[] Body, string Keys, string Tags, string UniqueKey);

/// <summary>What was put, by queue and queue offset: the oracle every read is compared with.</summary>
internal sealed class SentMessages
{
    // The harness keeps the default store host, which sets the encoded size of every message.
    private static readonly IPEndPoint StoreHost = new MessageStoreOptions().StoreHost;

    private readonly Dictionary<(string Topic, int QueueId), List<SentMessage>> _queues = [];

    public List<SentMessage> All { get; } = [];

    public IEnumerable<(string Topic, int QueueId)> Queues => _queues.Keys.OrderBy(q => q.Topic, StringComparer.Ordinal)
        .ThenBy(q => q.QueueId);

    public IReadOnlyList<SentMessage> Queue(string topic, int queueId) => _queues[(topic, queueId)];

    public SentMessage At(string topic, int queueId, long queueOffset) => _queues[(topic, queueId)][(int)queueOffset];

    /// <summary>
    /// Puts <paramref name="sends"/> sends to random queues of <paramref name="topic"/> (a batch of 2..3 now and then),
    /// each with unique keys, and records the offsets the store returned.
    /// </summary>
    public async Task PutAsync(MessageStore store, Random random, string topic, int queues, int sends,
        int sysFlag = 0)
    {
        for (var send = 0; send < sends; send++)
        {
            var queueId = random.Next(queues);
            var batch = new MessageToStore[random.Next(8) == 0 ? random.Next(2, 4) : 1];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = NewMessage(random, topic, queueId, All.Count + i, sysFlag);
            }

            var put = await store.PutMessagesAsync(batch);
            Assert.True(put.Status == PutMessageStatus.PutOk, $"put {send}: {put.Status} {put.Remark}");
            for (var i = 0; i < batch.Length; i++)
            {
                Record(batch[i], put.QueueOffset + i, put.CommitLogOffsets?[i] ?? put.CommitLogOffset);
            }
        }
    }

    /// <summary>A message with a unique body, KEYS, UNIQ_KEY and one of three tags.</summary>
    public static MessageToStore NewMessage(Random random, string topic, int queueId, int number, int sysFlag = 0)
    {
        var body = new byte[random.Next(0, 200)];
        random.NextBytes(body);
        var prefix = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{topic}/{queueId}/{number}/"));
        var tags = "Tag" + (char)('A' + random.Next(3));
        return new MessageToStore
        {
            Topic = topic,
            QueueId = queueId,
            SysFlag = sysFlag,
            BornTimestamp = 1_700_000_000_000 + number,
            BornHost = new IPEndPoint(IPAddress.Parse("10.0.0.7"), 50123),
            Properties = $"TAGS\u0001{tags}\u0002KEYS\u0001{KeysOf(number)}\u0002"
                + $"UNIQ_KEY\u0001{UniqueKeyOf(number)}\u0002",
            Body = (byte[])[.. prefix, .. body],
        };
    }

    public static string KeysOf(int number) => string.Create(CultureInfo.InvariantCulture, $"key-{number} shared");

    public static string UniqueKeyOf(int number) => string.Create(CultureInfo.InvariantCulture, $"U{number:X8}");

    /// <summary>Adds a message the caller put itself.</summary>
    public void Record(in MessageToStore message, long queueOffset, long commitLogOffset)
    {
        var properties = Common.Messages.MessageProperties.Parse(message.Properties);
        var sent = new SentMessage(message.Topic, message.QueueId, queueOffset, commitLogOffset,
            MessageBatchWriter.MessageLength(message, StoreHost),
            message.Body.ToArray(), properties.GetValueOrDefault("KEYS", ""), properties.GetValueOrDefault("TAGS", ""),
            properties.GetValueOrDefault("UNIQ_KEY", ""));
        All.Add(sent);
        if ((message.SysFlag & StoredMessageLayout.TransactionMask) is StoredMessageLayout.TransactionPreparedType
            or StoredMessageLayout.TransactionRollbackType)
        {
            return; // Halves of a transaction get no unit.
        }

        if (!_queues.TryGetValue((message.Topic, message.QueueId), out var queue))
        {
            _queues[(message.Topic, message.QueueId)] = queue = [];
        }

        Assert.Equal(queue.Count, queueOffset);
        queue.Add(sent);
    }

    /// <summary>Checks that <paramref name="slot"/> of <paramref name="result"/> is exactly the message put at its
    /// queue offset; returns what is wrong, or null.</summary>
    public string? Mismatch(GetMessageResult result, int slot, string topic, int queueId)
    {
        var info = result.Slots[slot];
        var bytes = result.Messages.Span.Slice(info.Start, info.Size);
        if (!StoredMessage.TryRead(bytes, out var message) || message.TotalSize != bytes.Length)
        {
            return "unreadable bytes served";
        }

        var queue = _queues[(topic, queueId)];
        if (info.QueueOffset < 0 || info.QueueOffset >= queue.Count)
        {
            return $"served queue offset {info.QueueOffset} was never put";
        }

        var expected = queue[(int)info.QueueOffset];
        var properties = Utf8Properties.Scan(message.Properties);
        return message.Topic.SequenceEqual(Encoding.UTF8.GetBytes(topic)) && message.QueueId == queueId
            && message.Body.SequenceEqual(expected.Body) && message.QueueOffset == info.QueueOffset
            && message.PhysicalOffset == expected.CommitLogOffset && info.CommitLogOffset == expected.CommitLogOffset
            && Encoding.UTF8.GetString(properties.Keys) == expected.Keys
                ? null
                : $"offset {info.QueueOffset} served '{Prefix(message.Body)}' at {info.CommitLogOffset} with queue "
                  + $"offset field {message.QueueOffset}; put was '{Prefix(expected.Body)}' at "
                  + $"{expected.CommitLogOffset}";
    }

    private static string Prefix(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body[..Math.Min(body.Length, 12)]);
}
