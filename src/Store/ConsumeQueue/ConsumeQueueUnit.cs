using System.Buffers.Binary;

namespace RocketMQ.Store.ConsumeQueue;

/// <summary>
/// One 20-byte ConsumeQueue unit as RocketMQ lays it out: int64 commit-log offset | int32 message size | int64 tags
/// hash code (for the schedule topic: the delivery time). Big-endian.
/// </summary>
public readonly record struct ConsumeQueueUnit(long CommitLogOffset, int Size, long TagsCode)
{
    public const int Bytes = 20;

    public static ConsumeQueueUnit Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadInt64BigEndian(source),
        BinaryPrimitives.ReadInt32BigEndian(source[8..]),
        BinaryPrimitives.ReadInt64BigEndian(source[12..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, CommitLogOffset);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], Size);
        BinaryPrimitives.WriteInt64BigEndian(destination[12..], TagsCode);
    }

    /// <summary>All-zero bytes: a slot never written (units always have a positive size).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> source) => !source[..Bytes].ContainsAnyExcept((byte)0);
}
