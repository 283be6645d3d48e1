using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RocketMQ.Store.Files;

namespace RocketMQ.Store.Index;

/// <summary>
/// One RocketMQ index file: a 40-byte <see cref="IndexHeader"/>, <c>hashSlotNum</c> int32 slots each holding the
/// newest item filed under it, then <c>indexNum</c> 20-byte items (<c>int32 keyHash | int64 phyOffset |
/// int32 timeDiff | int32 prevIndex</c>) chained newest to oldest through <c>prevIndex</c>. All big-endian.
/// </summary>
/// <remarks>
/// <para>Threads: one writer (the applier) calls <see cref="TryPut"/>; readers call <see cref="TrySelect"/>
/// concurrently. The header lives in volatile fields (as Java keeps it in atomics) mirrored into the file. A put
/// writes the item, then publishes the header (index count last), then stores the slot with release semantics; a
/// reader loads the slot with acquire semantics and the index count after it, so every item it can reach is complete
/// and below the count it sees.</para>
/// <para>Lifetime: the service owns the mapping; readers bracket each access with <see cref="TryAcquire"/> and
/// <see cref="Release"/>, so a file destroyed by retention stays mapped until its last reader leaves.</para>
/// </remarks>
internal sealed partial class IndexFile
{
    /// <summary>Bytes of a slot.</summary>
    public const int SlotSize = 4;

    /// <summary>Bytes of an item.</summary>
    public const int ItemSize = 20;

    private const int PhyOffsetField = 4;
    private const int TimeDiffField = 12;
    private const int PrevIndexField = 16;

    private readonly MappedFile _file;
    private readonly int _hashSlotNum;
    private readonly int _indexNum;
    private long _beginTimestamp;
    private long _endTimestamp;
    private long _beginPhyOffset;
    private long _endPhyOffset;
    private int _hashSlotCount;
    private int _indexCount;
    private int _corruptionReported;

    private IndexFile(MappedFile file, string name, long nameTimestamp, int hashSlotNum, int indexNum)
    {
        _file = file;
        Name = name;
        NameTimestamp = nameTimestamp;
        _hashSlotNum = hashSlotNum;
        _indexNum = indexNum;
    }

    /// <summary>The file name (<see cref="IndexFileName"/> form).</summary>
    public string Name { get; }

    /// <summary>The instant the name encodes, in Unix milliseconds.</summary>
    public long NameTimestamp { get; }

    public long BeginTimestamp => Volatile.Read(ref _beginTimestamp);

    public long EndTimestamp => Volatile.Read(ref _endTimestamp);

    public long EndPhyOffset => Volatile.Read(ref _endPhyOffset);

    public int IndexCount => Volatile.Read(ref _indexCount);

    /// <summary>A snapshot of the header; consistent on the writer thread, field by field elsewhere.</summary>
    public IndexHeader Header => new(BeginTimestamp, EndTimestamp, Volatile.Read(ref _beginPhyOffset), EndPhyOffset,
        Volatile.Read(ref _hashSlotCount), IndexCount);

    /// <summary>True when no further item fits (Java's <c>isWriteFull</c>).</summary>
    public bool IsFull => IndexCount >= _indexNum;

    public bool IsDirty => _file.IsDirty;

    /// <summary>Bytes of a file with the given geometry.</summary>
    public static long FileSize(int hashSlotNum, int indexNum) =>
        IndexHeader.Size + ((long)hashSlotNum * SlotSize) + ((long)indexNum * ItemSize);

    /// <summary>
    /// Creates a zeroed file whose begin and end values start from the previous file's end values (Java's
    /// <c>IndexFile</c> constructor: only positive values are carried over).
    /// </summary>
    /// <exception cref="IOException">The file exists or the disk cannot hold it.</exception>
    public static IndexFile Create(string directory, long nameTimestamp, int hashSlotNum, int indexNum,
        long previousEndPhyOffset, long previousEndTimestamp)
    {
        var name = IndexFileName.Format(nameTimestamp);
        var mapped = MappedFile.Create(Path.Combine(directory, name), FileSize(hashSlotNum, indexNum));
        var file = new IndexFile(mapped, name, nameTimestamp, hashSlotNum, indexNum);
        var timestamp = previousEndTimestamp > 0 ? previousEndTimestamp : 0;
        var phyOffset = previousEndPhyOffset > 0 ? previousEndPhyOffset : 0;
        file.SetHeader(new IndexHeader(timestamp, timestamp, phyOffset, phyOffset, 0, 1));
        return file;
    }

    /// <summary>
    /// Maps an existing file and loads its header, unless <paramref name="headerFromCheckpoint"/> is set: then the
    /// header on disk may be torn and is left for <see cref="TruncateTo"/> to replace.
    /// </summary>
    /// <exception cref="InvalidDataException">The size does not match the geometry or the header is impossible.
    /// </exception>
    public static IndexFile Open(string path, int hashSlotNum, int indexNum, bool headerFromCheckpoint)
    {
        var name = Path.GetFileName(path);
        if (!IndexFileName.TryParse(name, out var nameTimestamp))
        {
            throw new InvalidDataException($"'{path}' is not an index file name");
        }

        var mapped = MappedFile.Open(path);
        var file = new IndexFile(mapped, name, nameTimestamp, hashSlotNum, indexNum);
        try
        {
            var expected = FileSize(hashSlotNum, indexNum);
            if (mapped.Size != expected)
            {
                throw new InvalidDataException(
                    $"'{path}' has {mapped.Size} bytes; {hashSlotNum} slots and {indexNum} items need {expected}");
            }

            if (!headerFromCheckpoint)
            {
                var header = IndexHeader.Read(mapped.Span(0, IndexHeader.Size));
                file.CheckHeader(header, path);
                file.LoadFields(header);
            }

            return file;
        }
        catch
        {
            mapped.Destroy(deleteFile: false);
            throw;
        }
    }

    public bool TryAcquire() => _file.TryAcquire();

    public void Release() => _file.Release();

    /// <summary>Flushes the mapping if it changed since the last flush.</summary>
    public void Flush() => _file.Flush();

    /// <summary>Drops the owner's reference; see <see cref="MappedFile.Destroy"/>.</summary>
    public void Destroy(bool deleteFile) => _file.Destroy(deleteFile);

    /// <summary>True the first time only: corruption is logged once per file.</summary>
    public bool TryMarkCorruptionReported() => Interlocked.Exchange(ref _corruptionReported, 1) == 0;

    /// <summary>Java's <c>isTimeMatched</c>: the window overlaps [begin, end] of the file.</summary>
    public bool IsTimeMatched(long begin, long end)
    {
        var fileBegin = BeginTimestamp;
        var fileEnd = EndTimestamp;
        return (begin < fileBegin && end > fileEnd)
            || (begin >= fileBegin && begin <= fileEnd)
            || (end >= fileBegin && end <= fileEnd);
    }

    private void CheckHeader(IndexHeader header, string path)
    {
        // Java's load reads a never-flushed count of 0 as 1; anything else outside the geometry is damage.
        if (header.IndexCount < 0 || header.IndexCount > _indexNum
            || header.HashSlotCount < 0 || header.HashSlotCount > _hashSlotNum)
        {
            throw new InvalidDataException($"'{path}' has an impossible header {header}");
        }
    }

    private void LoadFields(IndexHeader header)
    {
        Volatile.Write(ref _beginTimestamp, header.BeginTimestamp);
        Volatile.Write(ref _endTimestamp, header.EndTimestamp);
        Volatile.Write(ref _beginPhyOffset, header.BeginPhyOffset);
        Volatile.Write(ref _endPhyOffset, header.EndPhyOffset);
        Volatile.Write(ref _hashSlotCount, header.HashSlotCount);
        Volatile.Write(ref _indexCount, Math.Max(1, header.IndexCount));
    }

    private void SetHeader(IndexHeader header)
    {
        LoadFields(header);
        header.Write(_file.Span(0, IndexHeader.Size));
        _file.MarkDirty();
    }

    private static long SlotPosition(int slot) => IndexHeader.Size + ((long)slot * SlotSize);

    private long ItemPosition(int index) =>
        IndexHeader.Size + ((long)_hashSlotNum * SlotSize) + ((long)index * ItemSize);

    private Span<byte> Item(int index) => _file.Span(ItemPosition(index), ItemSize);

    private int ReadSlot(int slot) => BinaryPrimitives.ReadInt32BigEndian(_file.Span(SlotPosition(slot), SlotSize));

    private void WriteSlot(int slot, int value) =>
        BinaryPrimitives.WriteInt32BigEndian(_file.Span(SlotPosition(slot), SlotSize), value);

    /// <summary>Loads a slot with acquire semantics: pairs with <see cref="WriteSlotRelease"/>.</summary>
    private int ReadSlotAcquire(int slot)
    {
        ref var cell = ref SlotCell(slot);
        var raw = Volatile.Read(ref cell);
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(raw) : raw;
    }

    /// <summary>Stores a slot with release semantics, so the item it names is visible first.</summary>
    private void WriteSlotRelease(int slot, int value)
    {
        ref var cell = ref SlotCell(slot);
        Volatile.Write(ref cell, BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value);
    }

    // Slots sit at 40 + 4 * slot from the page-aligned mapping start, so the cell is 4-byte aligned and the volatile
    // access is a single atomic load or store.
    private ref int SlotCell(int slot) =>
        ref Unsafe.As<byte, int>(ref MemoryMarshal.GetReference(_file.Span(SlotPosition(slot), SlotSize)));
}
