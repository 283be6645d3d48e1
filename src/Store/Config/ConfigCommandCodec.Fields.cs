using System.Text;
using RocketMQ.Store.Checkpoint;

namespace RocketMQ.Store.Config;

// Field layouts and checks shared by the commands and by ConfigSnapshot's binary form. Readers throw
// InvalidDataException; the public decoders turn that into false.
public static partial class ConfigCommandCodec
{
    private const int MinNameBytes = 4 + 1;

    /// <summary>Bytes of one (int32 queue id, int64 offset) pair.</summary>
    internal const int QueueOffsetBytes = 4 + 8;

    /// <summary>The least bytes one offset run takes: two names, a count and one pair.</summary>
    private const int MinRunBytes = MinNameBytes + MinNameBytes + 4 + QueueOffsetBytes;

    // Replacement characters would turn a damaged or ill-formed name into a different, valid-looking one.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    private static StateWriter Header(long timestamp, int initialCapacity = 128)
    {
        var writer = new StateWriter(initialCapacity);
        writer.WriteInt32(FormatVersion);
        writer.WriteInt64(timestamp);
        return writer;
    }

    private static long ReadHeader(ref StateReader reader)
    {
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"unknown config command format version {version}");
        }

        var timestamp = reader.ReadInt64();
        Invalid(CheckTimestamp(timestamp));
        return timestamp;
    }

    /// <summary>name | int32 readQueueNums | int32 writeQueueNums | int32 perm | int32 topicFilterType |
    /// int32 topicSysFlag | bool order.</summary>
    internal static void WriteTopicConfig(StateWriter writer, TopicConfig config)
    {
        writer.WriteString(config.TopicName);
        writer.WriteInt32(config.ReadQueueNums);
        writer.WriteInt32(config.WriteQueueNums);
        writer.WriteInt32(config.Perm);
        writer.WriteInt32((int)config.TopicFilterType);
        writer.WriteInt32(config.TopicSysFlag);
        writer.WriteBoolean(config.Order);
    }

    internal static TopicConfig ReadTopicConfig(ref StateReader reader)
    {
        var config = new TopicConfig(ReadName(ref reader, "topic"))
        {
            ReadQueueNums = reader.ReadInt32(),
            WriteQueueNums = reader.ReadInt32(),
            Perm = reader.ReadInt32(),
            TopicFilterType = (TopicFilterType)reader.ReadInt32(),
            TopicSysFlag = reader.ReadInt32(),
            Order = reader.ReadBoolean(),
        };
        Invalid(CheckTopicConfig(config));
        return config;
    }

    /// <summary>name | bool consumeEnable | bool consumeFromMinEnable | bool consumeBroadcastEnable |
    /// int32 retryQueueNums | int32 retryMaxTimes | int64 brokerId | int64 whichBrokerWhenConsumeSlowly |
    /// bool notifyConsumerIdsChangedEnable.</summary>
    internal static void WriteGroupConfig(StateWriter writer, SubscriptionGroupConfig config)
    {
        writer.WriteString(config.GroupName);
        writer.WriteBoolean(config.ConsumeEnable);
        writer.WriteBoolean(config.ConsumeFromMinEnable);
        writer.WriteBoolean(config.ConsumeBroadcastEnable);
        writer.WriteInt32(config.RetryQueueNums);
        writer.WriteInt32(config.RetryMaxTimes);
        writer.WriteInt64(config.BrokerId);
        writer.WriteInt64(config.WhichBrokerWhenConsumeSlowly);
        writer.WriteBoolean(config.NotifyConsumerIdsChangedEnable);
    }

    internal static SubscriptionGroupConfig ReadGroupConfig(ref StateReader reader)
    {
        var config = new SubscriptionGroupConfig(ReadName(ref reader, "group"))
        {
            ConsumeEnable = reader.ReadBoolean(),
            ConsumeFromMinEnable = reader.ReadBoolean(),
            ConsumeBroadcastEnable = reader.ReadBoolean(),
            RetryQueueNums = reader.ReadInt32(),
            RetryMaxTimes = reader.ReadInt32(),
            BrokerId = reader.ReadInt64(),
            WhichBrokerWhenConsumeSlowly = reader.ReadInt64(),
            NotifyConsumerIdsChangedEnable = reader.ReadBoolean(),
        };
        Invalid(CheckGroupConfig(config));
        return config;
    }

    /// <summary>Reads a name written with <see cref="StateWriter.WriteString"/>, strictly: present, non-empty,
    /// bounded, valid UTF-8.</summary>
    internal static string ReadName(ref StateReader reader, string what)
    {
        var bytes = reader.ReadBytes();
        if (bytes.Length is 0 or > MaxNameBytes)
        {
            throw new InvalidDataException($"a {what} name of {bytes.Length} bytes");
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"a {what} name is not valid UTF-8", e);
        }
    }

    internal static void ReadQueueOffset(ref StateReader reader, out int queueId, out long offset)
    {
        queueId = reader.ReadInt32();
        offset = reader.ReadInt64();
        Invalid(CheckQueueOffset(queueId, offset));
    }

    private static List<ConsumerOffsetEntry> ReadOffsetRuns(ref StateReader reader)
    {
        var runCount = reader.ReadCount(MinRunBytes);
        if (runCount == 0)
        {
            throw new InvalidDataException("an offset commit without entries");
        }

        var entries = new List<ConsumerOffsetEntry>(runCount);
        for (var run = 0; run < runCount; run++)
        {
            var group = ReadName(ref reader, "group");
            var topic = ReadName(ref reader, "topic");
            var count = reader.ReadCount(QueueOffsetBytes);
            if (count == 0)
            {
                throw new InvalidDataException("an empty offset run");
            }

            for (var i = 0; i < count; i++)
            {
                ReadQueueOffset(ref reader, out var queueId, out var offset);
                entries.Add(new ConsumerOffsetEntry(group, topic, queueId, offset));
            }
        }

        return entries;
    }

    private static List<(int Start, int Count)> Runs(IReadOnlyList<ConsumerOffsetEntry> entries)
    {
        var runs = new List<(int Start, int Count)>();
        var start = 0;
        for (var i = 1; i <= entries.Count; i++)
        {
            if (i == entries.Count || !string.Equals(entries[i].Group, entries[start].Group, StringComparison.Ordinal)
                || !string.Equals(entries[i].Topic, entries[start].Topic, StringComparison.Ordinal))
            {
                runs.Add((start, i - start));
                start = i;
            }
        }

        return runs;
    }
}
