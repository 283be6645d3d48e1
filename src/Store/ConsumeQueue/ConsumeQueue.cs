using System.Globalization;
using RocketMQ.Store.Files;

namespace RocketMQ.Store.ConsumeQueue;

/// <summary>
/// One message queue's ConsumeQueue: fixed-size memory-mapped files of 20-byte units in RocketMQ's layout
/// (<c>consumequeue/&lt;topic&gt;/&lt;queueId&gt;/&lt;20-digit start byte offset&gt;</c>), unit <c>n</c> describing the
/// message at queue offset <c>n</c>.
/// </summary>
/// <remarks>
/// <para>Threads: one writer (the state-machine applier: <see cref="Append"/>, <see cref="Publish"/>, and structural
/// changes under <c>_structure</c>) and any number of readers. Readers see units below <see cref="MaxOffset"/> only,
/// which moves in <see cref="Publish"/> after a whole log entry is applied, so a read never sees half an entry.</para>
/// <para>Files are replaced copy-on-write (<c>_files</c>); a reader holds a file's reference while reading it, so
/// retention or a topic deletion can drop files under a reader safely.</para>
/// </remarks>
public sealed partial class ConsumeQueue
{
    private readonly Lock _structure = new();
    private readonly string _directory;
    private readonly int _unitsPerFile;
    private QueueFile[] _files = [];
    private long _minOffset;
    private long _maxOffset;
    private long _nextOffset;

    internal ConsumeQueue(string topic, byte[] topicUtf8, int queueId, string directory, int fileSizeBytes)
    {
        Topic = topic;
        TopicUtf8 = topicUtf8;
        QueueId = queueId;
        _directory = directory;
        _unitsPerFile = fileSizeBytes / ConsumeQueueUnit.Bytes;
    }

    public string Topic { get; }

    /// <summary>The topic as stored in messages (UTF-8), to check a message belongs here without allocating.</summary>
    public byte[] TopicUtf8 { get; }

    public int QueueId { get; }

    /// <summary>The first readable queue offset (moves up with retention).</summary>
    public long MinOffset => Volatile.Read(ref _minOffset);

    /// <summary>One past the last readable queue offset (the queue's message count including deleted ones).</summary>
    public long MaxOffset => Volatile.Read(ref _maxOffset);

    /// <summary>The offset the next appended unit gets (writer's view; equals <see cref="MaxOffset"/> between entries).</summary>
    public long NextOffset => _nextOffset;

    /// <summary>Units per file (<c>mappedFileSizeConsumeQueue</c> / 20).</summary>
    public int UnitsPerFile => _unitsPerFile;

    /// <summary>Set by the writer when the queue got units in the entry being applied (see the store's apply loop).</summary>
    internal long TouchedInIndex { get; set; }

    /// <summary>
    /// Writes the unit for the next queue offset and returns that offset. Writer only; the unit becomes readable at
    /// the next <see cref="Publish"/>.
    /// </summary>
    /// <exception cref="IOException">A new file could not be created (disk full): the caller stops applying.</exception>
    public long Append(long commitLogOffset, int size, long tagsCode)
    {
        var offset = _nextOffset;
        var file = WritableFile(offset);
        var unit = new ConsumeQueueUnit(commitLogOffset, size, tagsCode);
        unit.Write(file.File.Span((offset - file.StartOffset) * ConsumeQueueUnit.Bytes, ConsumeQueueUnit.Bytes));
        file.File.MarkDirty();
        _nextOffset = offset + 1;
        return offset;
    }

    /// <summary>
    /// Overwrites a readable unit with one re-derived from the log (repair of damage). Serialized by the caller; the
    /// writer only ever appends past <see cref="MaxOffset"/>, so it never touches the same bytes.
    /// </summary>
    internal bool Rewrite(long offset, in ConsumeQueueUnit unit)
    {
        if (offset < MinOffset || offset >= MaxOffset || FileFor(Volatile.Read(ref _files), offset) is not { } file
            || !file.File.TryAcquire())
        {
            return false;
        }

        try
        {
            unit.Write(file.File.Span((offset - file.StartOffset) * ConsumeQueueUnit.Bytes, ConsumeQueueUnit.Bytes));
            file.File.MarkDirty();
            return true;
        }
        finally
        {
            file.File.Release();
        }
    }

    /// <summary>Makes every appended unit readable (writer, after a whole entry).</summary>
    public void Publish() => Volatile.Write(ref _maxOffset, _nextOffset);

    /// <summary>
    /// Copies units from <paramref name="offset"/> into <paramref name="destination"/>, stopping at the end of the
    /// file that holds <paramref name="offset"/> (as RocketMQ's <c>getIndexBuffer</c>) or at <see cref="MaxOffset"/>.
    /// </summary>
    /// <returns>Units copied; 0 when <paramref name="offset"/> is outside [min, max) or its file is gone.</returns>
    public int Read(long offset, Span<ConsumeQueueUnit> destination)
    {
        var max = MaxOffset;
        if (offset < MinOffset || offset >= max || destination.IsEmpty)
        {
            return 0;
        }

        var file = FileFor(Volatile.Read(ref _files), offset);
        if (file is null || !file.File.TryAcquire())
        {
            return 0;
        }

        try
        {
            var first = offset - file.StartOffset;
            var count = (int)Math.Min(destination.Length, Math.Min(_unitsPerFile - first, max - offset));
            var bytes = file.File.Span(first * ConsumeQueueUnit.Bytes, count * ConsumeQueueUnit.Bytes);
            for (var i = 0; i < count; i++)
            {
                destination[i] = ConsumeQueueUnit.Read(bytes[(i * ConsumeQueueUnit.Bytes)..]);
            }

            return count;
        }
        finally
        {
            file.File.Release();
        }
    }

    /// <summary>Reads one unit; false when it is not readable.</summary>
    public bool TryRead(long offset, out ConsumeQueueUnit unit)
    {
        Span<ConsumeQueueUnit> one = stackalloc ConsumeQueueUnit[1];
        var found = Read(offset, one) == 1;
        unit = one[0];
        return found;
    }

    /// <summary>
    /// The queue offset whose unit points at <paramref name="commitLogOffset"/> (units are sorted by it), or -1.
    /// </summary>
    public long FindOffsetOf(long commitLogOffset)
    {
        long low = MinOffset, high = MaxOffset - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (!TryRead(middle, out var unit))
            {
                return -1;
            }

            if (unit.CommitLogOffset == commitLogOffset)
            {
                return middle;
            }

            if (unit.CommitLogOffset < commitLogOffset)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    /// <summary>The queue offset at which the file after the one holding <paramref name="offset"/> starts.</summary>
    public long NextFileStart(long offset) => offset - (offset % _unitsPerFile) + _unitsPerFile;

    /// <summary>Flushes every file written since its last flush (checkpointer thread).</summary>
    public void FlushDirty()
    {
        foreach (var file in Volatile.Read(ref _files))
        {
            if (file.File.IsDirty)
            {
                file.File.Flush();
            }
        }
    }

    private QueueFile WritableFile(long offset)
    {
        var files = _files;
        if (files.Length > 0)
        {
            var last = files[^1];
            if (offset >= last.StartOffset && offset < last.StartOffset + _unitsPerFile)
            {
                return last;
            }
        }

        return CreateFile(offset - (offset % _unitsPerFile));
    }

    private QueueFile CreateFile(long startOffset)
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, FileName(startOffset));
        var created = new QueueFile(startOffset, MappedFile.Create(path, (long)_unitsPerFile * ConsumeQueueUnit.Bytes));
        lock (_structure)
        {
            Volatile.Write(ref _files, [.. _files, created]);
        }

        return created;
    }

    private QueueFile? FileFor(QueueFile[] files, long offset)
    {
        // Files are few per queue and sorted; a binary search keeps long-lived queues cheap all the same.
        int low = 0, high = files.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var file = files[middle];
            if (offset < file.StartOffset)
            {
                high = middle - 1;
            }
            else if (offset >= file.StartOffset + _unitsPerFile)
            {
                low = middle + 1;
            }
            else
            {
                return file;
            }
        }

        return null;
    }

    /// <summary>RocketMQ's name: the start offset in bytes, 20 digits, zero-padded.</summary>
    internal static string FileName(long startOffset) =>
        (startOffset * ConsumeQueueUnit.Bytes).ToString("D20", CultureInfo.InvariantCulture);

    private sealed record QueueFile(long StartOffset, MappedFile File);
}
