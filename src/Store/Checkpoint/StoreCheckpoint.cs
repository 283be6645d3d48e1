using K4os.Hash.xxHash;
using RocketMQ.Store.Config;
using RocketMQ.Store.Index;

namespace RocketMQ.Store.Checkpoint;

/// <summary>
/// The state machine's metadata at one applied index: what the projections (ConsumeQueue, Index, config tables) hold
/// exactly up to that entry. Written after the projection files are flushed (decision 8: the checkpoint), kept at
/// retention points, and shipped to a replica behind the retention boundary as the snapshot's state (decision 9).
/// </summary>
/// <remarks>
/// Layout: <c>int32 magic "RMQC" | int32 version | int64 index | int64 term | int64 appliedLogBytes |
/// int64 maxStoreTimestamp | int32 queueCount × (topic, int32 queueId, int64 min, int64 max) | index state |
/// config state | uint64 XXH64 of everything before</c>. A file that fails any check is reported as damaged.
/// </remarks>
public sealed record StoreCheckpoint(
    long Index,
    long Term,
    long AppliedLogBytes,
    long MaxStoreTimestamp,
    IReadOnlyList<QueueCheckpoint> Queues,
    IndexCheckpoint IndexState,
    ConfigState Config)
{
    private const int Magic = 0x524D5143;
    private const int Version = 1;

    /// <summary>Encodes the metadata (deterministic for equal content when queues arrive sorted).</summary>
    public static byte[] Encode(long index, long term, long appliedLogBytes, long maxStoreTimestamp,
        IReadOnlyList<QueueCheckpoint> queues, IndexCheckpoint indexState, ConfigSnapshot config)
    {
        var writer = new StateWriter(64 + (queues.Count * 48));
        writer.WriteInt32(Magic);
        writer.WriteInt32(Version);
        writer.WriteInt64(index);
        writer.WriteInt64(term);
        writer.WriteInt64(appliedLogBytes);
        writer.WriteInt64(maxStoreTimestamp);
        writer.WriteInt32(queues.Count);
        foreach (var queue in queues)
        {
            writer.WriteString(queue.Topic);
            writer.WriteInt32(queue.QueueId);
            writer.WriteInt64(queue.MinOffset);
            writer.WriteInt64(queue.MaxOffset);
        }

        indexState.WriteTo(writer);
        config.WriteTo(writer);
        writer.WriteUInt64(XXH64.DigestOf(writer.WrittenSpan));
        return writer.ToArray();
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The bytes are damaged or of another format.</exception>
    public static StoreCheckpoint Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8 + 8 || XXH64.DigestOf(bytes[..^8]) != System.Buffers.Binary.BinaryPrimitives
                .ReadUInt64BigEndian(bytes[^8..]))
        {
            throw new InvalidDataException("checkpoint checksum mismatch");
        }

        var reader = new StateReader(bytes[..^8]);
        if (reader.ReadInt32() != Magic || reader.ReadInt32() != Version)
        {
            throw new InvalidDataException("not a store checkpoint of version 1");
        }

        var index = reader.ReadInt64();
        var term = reader.ReadInt64();
        var appliedLogBytes = reader.ReadInt64();
        var maxStoreTimestamp = reader.ReadInt64();
        var count = reader.ReadCount(4 + 4 + 8 + 8);
        var queues = new QueueCheckpoint[count];
        for (var i = 0; i < count; i++)
        {
            queues[i] = new QueueCheckpoint(reader.ReadRequiredString(), reader.ReadInt32(), reader.ReadInt64(),
                reader.ReadInt64());
            if (queues[i].QueueId < 0 || queues[i].MinOffset < 0 || queues[i].MaxOffset < queues[i].MinOffset)
            {
                throw new InvalidDataException($"queue {queues[i]} is inconsistent");
            }
        }

        var indexState = IndexCheckpoint.ReadFrom(ref reader);
        var config = ConfigState.ReadFrom(ref reader);
        reader.EnsureEnd();
        return new StoreCheckpoint(index, term, appliedLogBytes, maxStoreTimestamp, queues, indexState, config);
    }

    /// <summary>An empty store (nothing applied).</summary>
    public static StoreCheckpoint Empty() => new(0, 0, 0, 0, [], IndexCheckpoint.Empty, new ConfigState());
}

/// <summary>One queue's range at a checkpoint: units [<paramref name="MinOffset"/>, <paramref name="MaxOffset"/>).</summary>
public sealed record QueueCheckpoint(string Topic, int QueueId, long MinOffset, long MaxOffset);
