using System.Buffers.Binary;

namespace RocketMQ.Store.Index;

// Fault model of recovery. The checkpoint names a header captured between two applied entries, and every byte below
// its index count was flushed before the checkpoint was persisted, so that part is trusted. Past the count the file
// holds whatever the writer did after the checkpoint, as far as it reached the disk: complete items, a torn last
// item, slots that name items written after the checkpoint, and — after a power loss, where pages reach the disk in
// any order — a slot whose item page was lost (read back as zeros). Slot chains past the count are therefore
// followed with every step checked; when one does not hold up, or the slots in use do not add up to the checkpointed
// hashSlotCount, the slots are rebuilt from the trusted items instead.
internal sealed partial class IndexFile
{
    private const int ClearChunkBytes = 1 << 20;

    /// <summary>
    /// Cuts the file back to <paramref name="checkpoint"/>: every slot names the newest item below its count again,
    /// items from the count on are zeroed and the header is restored, so the file is byte-identical to one that never
    /// received the later items. Flushes when anything changed. Writer thread, before any put or query.
    /// </summary>
    /// <returns>True when the slots had to be rebuilt by scanning the items.</returns>
    /// <exception cref="InvalidDataException">The checkpoint does not fit the geometry, or the trusted items do not
    /// agree with it.</exception>
    public bool TruncateTo(IndexHeader checkpoint)
    {
        if (checkpoint.IndexCount < 1 || checkpoint.IndexCount > _indexNum
            || checkpoint.HashSlotCount < 0 || checkpoint.HashSlotCount > _hashSlotNum)
        {
            throw new InvalidDataException($"checkpointed header {checkpoint} does not fit index file {Name}");
        }

        var count = checkpoint.IndexCount;
        var changed = false;
        var rebuilt = !TryRestoreSlots(count, checkpoint.HashSlotCount, ref changed);
        if (rebuilt)
        {
            RebuildSlots(count, checkpoint.HashSlotCount);
            changed = true;
        }

        changed |= ClearItemsFrom(count);
        var header = _file.Span(0, IndexHeader.Size);
        if (IndexHeader.Read(header) != checkpoint)
        {
            checkpoint.Write(header);
            changed = true;
        }

        LoadFields(checkpoint);

        // Make the repair durable before new items land on top of it: otherwise a crash that loses the new pages
        // could bring back the garbage under them. A clean shutdown changes nothing and costs no flush.
        if (changed)
        {
            _file.MarkDirty();
            _file.Flush();
        }

        return rebuilt;
    }

    /// <summary>Header index count as found on disk (before truncation), for the log.</summary>
    public int DiskIndexCount() => BinaryPrimitives.ReadInt32BigEndian(_file.Span(IndexHeader.IndexCountOffset, 4));

    private bool TryRestoreSlots(int count, int expectedInUse, ref bool changed)
    {
        var consistent = true;
        var inUse = 0;
        for (var slot = 0; slot < _hashSlotNum; slot++)
        {
            var value = ReadSlot(slot);
            if (value < 0 || value >= count)
            {
                if (!TryFollowBack(slot, value, count, out value))
                {
                    consistent = false;
                    value = 0;
                }

                WriteSlot(slot, value);
                changed = true;
            }

            inUse += value != 0 ? 1 : 0;
        }

        return consistent && inUse == expectedInUse;
    }

    // Follows prev links from an item written after the checkpoint until one below the count; every step must be an
    // item that belongs to this slot and links strictly backwards (so the loop ends within indexNum steps).
    private bool TryFollowBack(int slot, int value, int count, out int restored)
    {
        restored = 0;
        while (value >= count)
        {
            if (value >= _indexNum)
            {
                return false;
            }

            ReadOnlySpan<byte> item = Item(value);
            var hash = BinaryPrimitives.ReadInt32BigEndian(item);
            var previous = BinaryPrimitives.ReadInt32BigEndian(item[PrevIndexField..]);
            if (hash < 0 || hash % _hashSlotNum != slot || previous < 0 || previous >= value)
            {
                return false;
            }

            value = previous;
        }

        if (value < 0 || (value > 0 && !BelongsTo(value, slot)))
        {
            return false;
        }

        restored = value;
        return true;
    }

    private bool BelongsTo(int index, int slot)
    {
        var hash = BinaryPrimitives.ReadInt32BigEndian(Item(index));
        return hash >= 0 && hash % _hashSlotNum == slot;
    }

    // The newest trusted item of each slot, found by one pass over items [1, count).
    private void RebuildSlots(int count, int expectedInUse)
    {
        _file.Span(IndexHeader.Size, _hashSlotNum * SlotSize).Clear();
        var inUse = 0;
        for (var index = 1; index < count; index++)
        {
            var hash = BinaryPrimitives.ReadInt32BigEndian(Item(index));
            if (hash < 0)
            {
                throw new InvalidDataException($"index file {Name}: item {index} below the checkpoint is damaged");
            }

            var slot = hash % _hashSlotNum;
            inUse += ReadSlot(slot) == 0 ? 1 : 0;
            WriteSlot(slot, index);
        }

        if (inUse != expectedInUse)
        {
            throw new InvalidDataException(
                $"index file {Name}: {inUse} slots in use below the checkpoint, the checkpoint says {expectedInUse}");
        }
    }

    // Zeroes the item area from the count on; true when anything was not zero yet. Chunks that are already zero are
    // only read, so a mostly empty file costs a read of its tail, not a rewrite of it.
    private bool ClearItemsFrom(int count)
    {
        var cleared = false;
        var position = ItemPosition(count);
        var end = ItemPosition(_indexNum);
        while (position < end)
        {
            var chunk = _file.Span(position, (int)Math.Min(ClearChunkBytes, end - position));
            if (chunk.ContainsAnyExcept((byte)0))
            {
                chunk.Clear();
                cleared = true;
            }

            position += chunk.Length;
        }

        return cleared;
    }
}
