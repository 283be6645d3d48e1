using System.Buffers.Binary;

namespace RocketMQ.Store.Index;

internal sealed partial class IndexFile
{
    /// <summary>
    /// Appends an item for <paramref name="keyHash"/> (Java's <c>putKey</c>); false when the file is full. Writer
    /// thread only. Allocation-free.
    /// </summary>
    /// <param name="keyHash">A non-negative <see cref="IndexKeyHash"/>.</param>
    /// <param name="phyOffset">The message's commit-log offset.</param>
    /// <param name="storeTimestamp">The message's store timestamp (ms).</param>
    public bool TryPut(int keyHash, long phyOffset, long storeTimestamp)
    {
        var count = _indexCount;
        if (count >= _indexNum)
        {
            return false;
        }

        var slot = keyHash % _hashSlotNum;
        var previous = ReadSlot(slot);

        // Java's putKey distrusts a slot value outside (0, indexCount] and starts a new chain instead.
        if (previous <= 0 || previous > count)
        {
            previous = 0;
        }

        var item = Item(count);
        BinaryPrimitives.WriteInt32BigEndian(item, keyHash);
        BinaryPrimitives.WriteInt64BigEndian(item[PhyOffsetField..], phyOffset);
        BinaryPrimitives.WriteInt32BigEndian(item[TimeDiffField..], TimeDiffSeconds(storeTimestamp));
        BinaryPrimitives.WriteInt32BigEndian(item[PrevIndexField..], previous);

        // Java sets the begin values while the count is still 1 (the first item), after computing its time
        // difference against the begin inherited from the previous file.
        if (count <= 1)
        {
            Volatile.Write(ref _beginPhyOffset, phyOffset);
            Volatile.Write(ref _beginTimestamp, storeTimestamp);
        }

        if (previous == 0)
        {
            Volatile.Write(ref _hashSlotCount, _hashSlotCount + 1);
        }

        Volatile.Write(ref _endPhyOffset, phyOffset);
        Volatile.Write(ref _endTimestamp, storeTimestamp);

        // Publish the count before the slot: a reader that sees the new slot value also sees a count above it.
        Volatile.Write(ref _indexCount, count + 1);
        Header.Write(_file.Span(0, IndexHeader.Size));
        WriteSlotRelease(slot, count);
        _file.MarkDirty();
        return true;
    }

    // Java: whole seconds since the header's begin timestamp, 0 while the file has no begin, clamped to [0, int max].
    private int TimeDiffSeconds(long storeTimestamp)
    {
        var begin = _beginTimestamp;
        if (begin <= 0)
        {
            return 0;
        }

        var seconds = unchecked(storeTimestamp - begin) / 1000;
        return seconds > int.MaxValue ? int.MaxValue : seconds < 0 ? 0 : (int)seconds;
    }
}
