using System.Buffers.Binary;

namespace RocketMQ.Store.Index;

internal sealed partial class IndexFile
{
    /// <summary>
    /// Walks the chain of <paramref name="keyHash"/>'s slot newest to oldest (Java's <c>selectPhyOffset</c>) and
    /// appends the commit-log offsets of items with that hash stored within [<paramref name="begin"/>,
    /// <paramref name="end"/>] until <paramref name="offsets"/> holds <paramref name="maxNum"/>. Any thread.
    /// </summary>
    /// <returns>False when the chain is inconsistent (<paramref name="faultItem"/> names the item or slot value at
    /// fault) — the walk stopped there; true otherwise, including when the file is already destroyed.</returns>
    /// <remarks>
    /// Never trusts the bytes: every item index is checked against [1, indexCount), every item must hash to the slot
    /// being walked and point strictly backwards, so the walk ends within indexCount steps on any content.
    /// </remarks>
    public bool TrySelect(int keyHash, int maxNum, long begin, long end, List<long> offsets, out int faultItem)
    {
        faultItem = 0;
        if (!TryAcquire())
        {
            return true;
        }

        try
        {
            var slot = keyHash % _hashSlotNum;

            // Slot first, then the count: the writer publishes them in the opposite order (see TryPut).
            var current = ReadSlotAcquire(slot);
            var count = IndexCount;
            var fileBegin = BeginTimestamp;
            if (current == 0)
            {
                return true;
            }

            if (current < 0 || current >= count)
            {
                faultItem = current;
                return false;
            }

            return Walk(slot, keyHash, current, count, fileBegin, maxNum, begin, end, offsets, out faultItem);
        }
        finally
        {
            Release();
        }
    }

    private bool Walk(int slot, int keyHash, int current, int count, long fileBegin, int maxNum, long begin, long end,
        List<long> offsets, out int faultItem)
    {
        faultItem = 0;

        // Bounded twice over: indexes strictly decrease, and no chain is longer than the count.
        for (var steps = 0; steps < count && offsets.Count < maxNum; steps++)
        {
            ReadOnlySpan<byte> item = Item(current);
            var hashRead = BinaryPrimitives.ReadInt32BigEndian(item);
            var timeDiff = BinaryPrimitives.ReadInt32BigEndian(item[TimeDiffField..]);
            var previous = BinaryPrimitives.ReadInt32BigEndian(item[PrevIndexField..]);

            // A writer never stores a negative hash or time difference, files an item under another slot, or links
            // anywhere but strictly backwards; Java stops silently on some of these, we also report them. The item's
            // own fields are checked before it counts, its link after.
            if (hashRead < 0 || hashRead % _hashSlotNum != slot || timeDiff < 0)
            {
                faultItem = current;
                return false;
            }

            var timeRead = fileBegin + (timeDiff * 1000L);
            if (hashRead == keyHash && timeRead >= begin && timeRead <= end)
            {
                offsets.Add(BinaryPrimitives.ReadInt64BigEndian(item[PhyOffsetField..]));
            }

            if (previous < 0 || previous >= current)
            {
                faultItem = current;
                return false;
            }

            // Java stops at the chain's end and at the first item before the window (it takes older items to be
            // earlier).
            if (previous == 0 || timeRead < begin)
            {
                break;
            }

            current = previous;
        }

        return true;
    }
}
