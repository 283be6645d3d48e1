using System.Buffers.Binary;

namespace RocketMQ.Store.Index;

/// <summary>
/// The 40-byte header at the start of an index file (RocketMQ's <c>IndexHeader</c>), big-endian:
/// <c>int64 beginTimestamp | int64 endTimestamp | int64 beginPhyOffset | int64 endPhyOffset | int32 hashSlotCount |
/// int32 indexCount</c>.
/// </summary>
/// <param name="BeginTimestamp">Store timestamp (ms) of the file's first item; the base of every item's time
/// difference. A new file starts from the previous file's <paramref name="EndTimestamp"/>.</param>
/// <param name="EndTimestamp">Store timestamp (ms) of the file's last item.</param>
/// <param name="BeginPhyOffset">Commit-log offset of the file's first item.</param>
/// <param name="EndPhyOffset">Commit-log offset of the file's last item; the replay guard of
/// <see cref="IndexService.BuildIndex"/>.</param>
/// <param name="HashSlotCount">How many slots are in use.</param>
/// <param name="IndexCount">The next item index to write: items <c>[1, IndexCount)</c> are written (item 0 is never
/// used), so an empty file has 1.</param>
public readonly record struct IndexHeader(
    long BeginTimestamp,
    long EndTimestamp,
    long BeginPhyOffset,
    long EndPhyOffset,
    int HashSlotCount,
    int IndexCount)
{
    /// <summary>Bytes of the header on disk.</summary>
    public const int Size = 40;

    internal const int BeginTimestampOffset = 0;
    internal const int EndTimestampOffset = 8;
    internal const int BeginPhyOffsetOffset = 16;
    internal const int EndPhyOffsetOffset = 24;
    internal const int HashSlotCountOffset = 32;
    internal const int IndexCountOffset = 36;

    /// <summary>The header of a file that has never received an item and has no predecessor.</summary>
    public static IndexHeader Empty => new(0, 0, 0, 0, 0, 1);

    /// <summary>Reads a header from the first <see cref="Size"/> bytes of <paramref name="source"/>.</summary>
    public static IndexHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadInt64BigEndian(source[BeginTimestampOffset..]),
        BinaryPrimitives.ReadInt64BigEndian(source[EndTimestampOffset..]),
        BinaryPrimitives.ReadInt64BigEndian(source[BeginPhyOffsetOffset..]),
        BinaryPrimitives.ReadInt64BigEndian(source[EndPhyOffsetOffset..]),
        BinaryPrimitives.ReadInt32BigEndian(source[HashSlotCountOffset..]),
        BinaryPrimitives.ReadInt32BigEndian(source[IndexCountOffset..]));

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination[BeginTimestampOffset..], BeginTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(destination[EndTimestampOffset..], EndTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(destination[BeginPhyOffsetOffset..], BeginPhyOffset);
        BinaryPrimitives.WriteInt64BigEndian(destination[EndPhyOffsetOffset..], EndPhyOffset);
        BinaryPrimitives.WriteInt32BigEndian(destination[HashSlotCountOffset..], HashSlotCount);
        BinaryPrimitives.WriteInt32BigEndian(destination[IndexCountOffset..], IndexCount);
    }
}
