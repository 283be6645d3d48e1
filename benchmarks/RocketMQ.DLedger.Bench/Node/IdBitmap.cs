namespace RocketMQ.DLedger.Bench.Node;

/// <summary>
/// A set of non-negative payload ids as a paged bitmap (8 KiB per 65,536 ids, pages created on first use), so a
/// node can answer "was id X applied?" for millions of ids in a few MiB. Not thread-safe.
/// </summary>
internal sealed class IdBitmap
{
    private const int PageBits = 16;
    private const int WordsPerPage = (1 << PageBits) / 64;
    private readonly Dictionary<long, ulong[]> _pages = [];

    /// <summary>How many distinct ids were added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds <paramref name="id"/>; returns false when it was already present or is negative.</summary>
    public bool Add(long id)
    {
        if (id < 0)
        {
            return false;
        }

        if (!_pages.TryGetValue(id >> PageBits, out var page))
        {
            page = new ulong[WordsPerPage];
            _pages.Add(id >> PageBits, page);
        }

        var bit = 1UL << (int)(id & 63);
        ref var word = ref page[(int)((id & ((1 << PageBits) - 1)) >> 6)];
        if ((word & bit) != 0)
        {
            return false;
        }

        word |= bit;
        Count++;
        return true;
    }

    public bool Contains(long id) =>
        id >= 0 && _pages.TryGetValue(id >> PageBits, out var page) &&
        (page[(int)((id & ((1 << PageBits) - 1)) >> 6)] & (1UL << (int)(id & 63))) != 0;
}
