using RocketMQ.Common.Replication;

namespace RocketMQ.Testing;

/// <summary>
/// The entries of an <see cref="InMemoryReplicatedLog"/>, kept apart from the log object so they survive a simulated
/// restart. Entries are encoded exactly as the real log encodes them (<see cref="RecordBatchFormat"/>), so byte
/// positions inside an entry are what a real replica would see. Thread-safe.
/// </summary>
public sealed class InMemoryLogStorage
{
    private readonly Lock _gate = new();
    private readonly List<StoredEntry> _entries = [];
    private long _firstIndex = 1;

    /// <param name="maxEntryBytes">The largest entry (the real log's <c>dLegerMaxBatchBytes</c>).</param>
    public InMemoryLogStorage(int maxEntryBytes = 4 * 1024 * 1024 + 64 * 1024) => MaxEntryBytes = maxEntryBytes;

    public int MaxEntryBytes { get; }

    /// <summary>The first index still held (everything below was deleted by retention).</summary>
    public long FirstIndex
    {
        get
        {
            lock (_gate)
            {
                return _firstIndex;
            }
        }
    }

    /// <summary>The last index written (0 = none).</summary>
    public long LastIndex
    {
        get
        {
            lock (_gate)
            {
                return _firstIndex + _entries.Count - 1;
            }
        }
    }

    /// <summary>Encodes records into a new entry and stores it.</summary>
    public StoredEntry Append(long term, IReadOnlyList<(RecordKind Kind, byte[] Payload)> records)
    {
        var size = RecordBatchFormat.HeaderBytes + records.Sum(r => RecordBatchFormat.RecordSize(r.Payload.Length));
        var payload = new byte[size];
        RecordBatchFormat.WriteHeader(payload, records.Count);
        var position = RecordBatchFormat.HeaderBytes;
        foreach (var (kind, bytes) in records)
        {
            position += RecordBatchFormat.WriteRecord(payload.AsSpan(position), kind, bytes);
        }

        lock (_gate)
        {
            var entry = new StoredEntry(_firstIndex + _entries.Count, term, payload);
            _entries.Add(entry);
            return entry;
        }
    }

    /// <summary>The entries from <paramref name="index"/> on (a copy of the list, safe to enumerate).</summary>
    public IReadOnlyList<StoredEntry> EntriesFrom(long index)
    {
        lock (_gate)
        {
            var skip = (int)Math.Clamp(index - _firstIndex, 0, _entries.Count);
            return _entries.GetRange(skip, _entries.Count - skip);
        }
    }

    /// <summary>Deletes entries at or below <paramref name="index"/>.</summary>
    public void DeleteUpTo(long index)
    {
        lock (_gate)
        {
            var count = (int)Math.Clamp(index - _firstIndex + 1, 0, _entries.Count);
            _entries.RemoveRange(0, count);
            _firstIndex += count;
        }
    }

    /// <summary>Overwrites one byte of a stored entry (corruption tests).</summary>
    public void FlipByte(long index, int position, byte mask)
    {
        lock (_gate)
        {
            var payload = _entries[(int)(index - _firstIndex)].Payload;
            System.Runtime.InteropServices.MemoryMarshal.AsMemory(payload).Span[position] ^= mask;
        }
    }
}

/// <summary>One stored entry.</summary>
public sealed record StoredEntry(long Index, long Term, ReadOnlyMemory<byte> Payload);
