using System.Diagnostics.CodeAnalysis;
using RocketMQ.Store.Checkpoint;

namespace RocketMQ.Store.Config;

/// <summary>
/// Binary payloads of the configuration commands the store puts into the replicated log (the record kinds in
/// <see cref="Records.StoreRecordKinds"/>). Every payload starts with int32 <see cref="FormatVersion"/> and the
/// int64 leader timestamp; the layout of each command is written next to its encoder. Payloads stay in the log
/// forever: a change of layout needs a new format version that the decoders keep reading.
/// </summary>
/// <remarks>
/// <para>Accepted values (checked by the encoders, which throw <see cref="ArgumentException"/>, and by the
/// decoders, which return false): timestamps ≥ 0; names non-empty, well-formed Unicode of at most
/// <see cref="MaxNameBytes"/> UTF-8 bytes; queue counts 0 to <see cref="MaxQueueNums"/>; perm 0 to 7; a
/// defined <see cref="TopicFilterType"/>; retry queue counts, broker ids and queue ids ≥ 0; retry max times ≥ -1;
/// offsets ≥ 0; at least one entry per offset commit. Encoding refuses what decoding would reject, so the
/// leader never replicates a command that every replica would then skip as malformed.</para>
/// <para>The decoders never throw: truncated, extended or damaged input gives false. All members are
/// thread-safe.</para>
/// </remarks>
public static partial class ConfigCommandCodec
{
    /// <summary>The layout version every payload written today starts with.</summary>
    public const int FormatVersion = 1;

    /// <summary>Sanity bound on a topic or group name (UTF-8 bytes); RocketMQ accepts far shorter names
    /// (topics up to 127 ASCII characters, groups up to 255).</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>Sanity bound on a topic's read or write queue count.</summary>
    public const int MaxQueueNums = 65_535;

    // Layout: header | TopicConfig (see WriteTopicConfig).
    public static byte[] EncodeTopicConfigUpdate(TopicConfig config, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(config);
        Require(CheckTopicConfig(config) ?? CheckTimestamp(timestamp));
        var writer = Header(timestamp);
        WriteTopicConfig(writer, config);
        return writer.ToArray();
    }

    public static bool TryDecodeTopicConfigUpdate(ReadOnlySpan<byte> payload,
        [NotNullWhen(true)] out TopicConfigUpdate? command)
    {
        command = null;
        try
        {
            var reader = new StateReader(payload);
            var timestamp = ReadHeader(ref reader);
            var config = ReadTopicConfig(ref reader);
            reader.EnsureEnd();
            command = new TopicConfigUpdate(config, timestamp);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    // Layout: header | topic name.
    public static byte[] EncodeTopicDelete(string topic, long timestamp)
    {
        Require(CheckName(topic, "topic") ?? CheckTimestamp(timestamp));
        var writer = Header(timestamp);
        writer.WriteString(topic);
        return writer.ToArray();
    }

    public static bool TryDecodeTopicDelete(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out TopicDelete? command)
    {
        command = null;
        try
        {
            var reader = new StateReader(payload);
            var timestamp = ReadHeader(ref reader);
            var topic = ReadName(ref reader, "topic");
            reader.EnsureEnd();
            command = new TopicDelete(topic, timestamp);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    // Layout: header | SubscriptionGroupConfig (see WriteGroupConfig).
    public static byte[] EncodeSubscriptionGroupUpdate(SubscriptionGroupConfig config, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(config);
        Require(CheckGroupConfig(config) ?? CheckTimestamp(timestamp));
        var writer = Header(timestamp);
        WriteGroupConfig(writer, config);
        return writer.ToArray();
    }

    public static bool TryDecodeSubscriptionGroupUpdate(ReadOnlySpan<byte> payload,
        [NotNullWhen(true)] out SubscriptionGroupUpdate? command)
    {
        command = null;
        try
        {
            var reader = new StateReader(payload);
            var timestamp = ReadHeader(ref reader);
            var config = ReadGroupConfig(ref reader);
            reader.EnsureEnd();
            command = new SubscriptionGroupUpdate(config, timestamp);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    // Layout: header | group name | bool removeOffsets.
    public static byte[] EncodeSubscriptionGroupDelete(string group, bool removeOffsets, long timestamp)
    {
        Require(CheckName(group, "group") ?? CheckTimestamp(timestamp));
        var writer = Header(timestamp);
        writer.WriteString(group);
        writer.WriteBoolean(removeOffsets);
        return writer.ToArray();
    }

    public static bool TryDecodeSubscriptionGroupDelete(ReadOnlySpan<byte> payload,
        [NotNullWhen(true)] out SubscriptionGroupDelete? command)
    {
        command = null;
        try
        {
            var reader = new StateReader(payload);
            var timestamp = ReadHeader(ref reader);
            var group = ReadName(ref reader, "group");
            var removeOffsets = reader.ReadBoolean();
            reader.EnsureEnd();
            command = new SubscriptionGroupDelete(group, removeOffsets, timestamp);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    // Layout: header | int32 runCount ≥ 1 | runs. A run is consecutive entries of one (group, topic), as a client's
    // per-queue commits of one subscription arrive: group | topic | int32 count ≥ 1 | count × (int32 queueId |
    // int64 offset). Entries keep their order, so decoding gives back exactly the list that was encoded.
    public static byte[] EncodeConsumerOffsetCommit(long timestamp, IReadOnlyList<ConsumerOffsetEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Require(CheckTimestamp(timestamp) ?? CheckOffsetEntries(entries));
        var runs = Runs(entries);
        var writer = Header(timestamp, 64 + (entries.Count * 12));
        writer.WriteInt32(runs.Count);
        foreach (var (start, count) in runs)
        {
            writer.WriteString(entries[start].Group);
            writer.WriteString(entries[start].Topic);
            writer.WriteInt32(count);
            for (var i = start; i < start + count; i++)
            {
                writer.WriteInt32(entries[i].QueueId);
                writer.WriteInt64(entries[i].Offset);
            }
        }

        return writer.ToArray();
    }

    public static bool TryDecodeConsumerOffsetCommit(ReadOnlySpan<byte> payload,
        [NotNullWhen(true)] out ConsumerOffsetCommit? command)
    {
        command = null;
        try
        {
            var reader = new StateReader(payload);
            var timestamp = ReadHeader(ref reader);
            var entries = ReadOffsetRuns(ref reader);
            reader.EnsureEnd();
            command = new ConsumerOffsetCommit(timestamp, entries);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
