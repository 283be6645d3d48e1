using System.Collections.Immutable;
using RocketMQ.Store.Checkpoint;

namespace RocketMQ.Store.Config;

// Binary form for checkpoints and retention snapshots:
//   int32 SnapshotFormatVersion
//   topics:  version | int32 count | count × TopicConfig (ConfigCommandCodec layout), names ascending
//   groups:  version | int32 count | count × SubscriptionGroupConfig, names ascending
//   offsets: version | int32 topicCount | per topic ascending: name | int32 groupCount | per group ascending:
//            name | int32 queueCount | per queue id ascending: int32 queueId | int64 offset
// where version = int64 timestamp | int64 counter. Keys are written in ordinal order, so equal states give equal
// bytes whatever order they were built in; the reader insists on that order, which also rules out duplicates.
public sealed partial class ConfigSnapshot
{
    /// <summary>The layout version <see cref="WriteTo"/> writes first.</summary>
    public const int SnapshotFormatVersion = 1;

    // Least bytes of each item, for StateReader.ReadCount's check that a count fits what is left.
    private const int MinNameBytes = 4 + 1;
    private const int MinTopicConfigBytes = MinNameBytes + (5 * 4) + 1;
    private const int MinGroupConfigBytes = MinNameBytes + 3 + (2 * 4) + (2 * 8) + 1;
    private const int MinOffsetGroupBytes = MinNameBytes + 4 + 4 + 8;

    /// <summary>Appends the binary form of this snapshot. Equal contents give identical bytes.</summary>
    public void WriteTo(StateWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(SnapshotFormatVersion);
        WriteVersion(writer, TopicsVersion);
        writer.WriteInt32(Topics.Count);
        foreach (var name in SortedKeys(Topics))
        {
            ConfigCommandCodec.WriteTopicConfig(writer, Topics[name]);
        }

        WriteVersion(writer, GroupsVersion);
        writer.WriteInt32(Groups.Count);
        foreach (var name in SortedKeys(Groups))
        {
            ConfigCommandCodec.WriteGroupConfig(writer, Groups[name]);
        }

        WriteVersion(writer, OffsetsVersion);
        WriteOffsets(writer, Offsets);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote, leaving the reader after it.</summary>
    /// <exception cref="InvalidDataException">Truncated, unordered, duplicate or out-of-range content: a damaged
    /// snapshot is refused as a whole, never half-loaded.</exception>
    public static ConfigSnapshot ReadFrom(ref StateReader reader)
    {
        var format = reader.ReadInt32();
        if (format != SnapshotFormatVersion)
        {
            throw new InvalidDataException($"unknown config snapshot format version {format}");
        }

        var topicsVersion = ReadVersion(ref reader);
        var topics = ImmutableDictionary.CreateBuilder<string, TopicConfig>(StringComparer.Ordinal);
        var count = reader.ReadCount(MinTopicConfigBytes);
        string? previous = null;
        for (var i = 0; i < count; i++)
        {
            var config = ConfigCommandCodec.ReadTopicConfig(ref reader);
            AddInOrder(topics, ref previous, config.TopicName, config);
        }

        var groupsVersion = ReadVersion(ref reader);
        var groups = ImmutableDictionary.CreateBuilder<string, SubscriptionGroupConfig>(StringComparer.Ordinal);
        count = reader.ReadCount(MinGroupConfigBytes);
        previous = null;
        for (var i = 0; i < count; i++)
        {
            var config = ConfigCommandCodec.ReadGroupConfig(ref reader);
            AddInOrder(groups, ref previous, config.GroupName, config);
        }

        var offsetsVersion = ReadVersion(ref reader);
        var offsets = ReadOffsets(ref reader);
        return new ConfigSnapshot(topics.ToImmutable(), topicsVersion, groups.ToImmutable(), groupsVersion,
            offsets, offsetsVersion);
    }

    private static void WriteOffsets(StateWriter writer, ConsumerOffsetTable offsets)
    {
        writer.WriteInt32(offsets.ByTopic.Count);
        foreach (var topic in SortedKeys(offsets.ByTopic))
        {
            var groups = offsets.ByTopic[topic];
            writer.WriteString(topic);
            writer.WriteInt32(groups.Count);
            foreach (var group in SortedKeys(groups))
            {
                var queues = groups[group];
                writer.WriteString(group);
                writer.WriteInt32(queues.Count);
                foreach (var queue in queues.OrderBy(queue => queue.Key))
                {
                    writer.WriteInt32(queue.Key);
                    writer.WriteInt64(queue.Value);
                }
            }
        }
    }

    private static ConsumerOffsetTable ReadOffsets(ref StateReader reader)
    {
        var byTopic = ImmutableDictionary.CreateBuilder<string, ImmutableDictionary<string,
            ImmutableDictionary<int, long>>>(StringComparer.Ordinal);
        var topicCount = reader.ReadCount(MinNameBytes + 4 + MinOffsetGroupBytes);
        string? previousTopic = null;
        for (var t = 0; t < topicCount; t++)
        {
            var topic = ConfigCommandCodec.ReadName(ref reader, "topic");
            var groups = ConsumerOffsetTable.EmptyGroups.ToBuilder();
            var groupCount = ReadNonZeroCount(ref reader, MinOffsetGroupBytes);
            string? previousGroup = null;
            for (var g = 0; g < groupCount; g++)
            {
                var group = ConfigCommandCodec.ReadName(ref reader, "group");
                var queues = ImmutableDictionary.CreateBuilder<int, long>();
                var queueCount = ReadNonZeroCount(ref reader, ConfigCommandCodec.QueueOffsetBytes);
                var previous = -1;
                for (var q = 0; q < queueCount; q++)
                {
                    ConfigCommandCodec.ReadQueueOffset(ref reader, out var queueId, out var offset);
                    if (queueId <= previous)
                    {
                        throw new InvalidDataException($"queue id {queueId} after {previous}");
                    }

                    previous = queueId;
                    queues.Add(queueId, offset);
                }

                AddInOrder(groups, ref previousGroup, group, queues.ToImmutable());
            }

            AddInOrder(byTopic, ref previousTopic, topic, groups.ToImmutable());
        }

        return ConsumerOffsetTable.From(byTopic.ToImmutable());
    }

    private static int ReadNonZeroCount(ref StateReader reader, int minItemBytes)
    {
        var count = reader.ReadCount(minItemBytes);
        return count > 0 ? count : throw new InvalidDataException("an empty offset map");
    }

    private static void AddInOrder<TValue>(ImmutableDictionary<string, TValue>.Builder builder,
        ref string? previous, string key, TValue value)
    {
        // Ascending order is what WriteTo produces; checking each key against the one before is O(1) and
        // rejects duplicates as well.
        if (previous is not null && string.CompareOrdinal(key, previous) <= 0)
        {
            throw new InvalidDataException($"key '{key}' is out of order");
        }

        previous = key;
        builder.Add(key, value);
    }

    private static void WriteVersion(StateWriter writer, DataVersion version)
    {
        writer.WriteInt64(version.Timestamp);
        writer.WriteInt64(version.Counter);
    }

    private static DataVersion ReadVersion(ref StateReader reader)
    {
        var version = new DataVersion(reader.ReadInt64(), reader.ReadInt64());
        return version.Timestamp >= 0 && version.Counter >= 0
            ? version
            : throw new InvalidDataException($"data version {version} is negative");
    }

    private static string[] SortedKeys<TValue>(ImmutableDictionary<string, TValue> map)
    {
        var keys = map.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        return keys;
    }
}
