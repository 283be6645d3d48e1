using System.Globalization;
using RocketMQ.Store.Files;

namespace RocketMQ.Store.ConsumeQueue;

/// <summary>Recovery, retention, reset and deletion of a <see cref="ConsumeQueue"/>.</summary>
public sealed partial class ConsumeQueue
{
    /// <summary>
    /// Opens a queue's files as of a checkpoint that recorded [<paramref name="minOffset"/>,
    /// <paramref name="maxOffset"/>): units past <paramref name="maxOffset"/> (written after the checkpoint, possibly
    /// torn by a crash) are erased — the log re-applies their entries — and files wholly outside the range go.
    /// </summary>
    internal static ConsumeQueue Recover(string topic, byte[] topicUtf8, int queueId, string directory,
        int fileSizeBytes, long minOffset, long maxOffset)
    {
        var queue = new ConsumeQueue(topic, topicUtf8, queueId, directory, fileSizeBytes);
        var kept = new List<QueueFile>();
        foreach (var (startOffset, path) in ListFiles(directory, fileSizeBytes))
        {
            if (startOffset >= maxOffset || startOffset + queue._unitsPerFile <= minOffset)
            {
                File.Delete(path);
                continue;
            }

            kept.Add(new QueueFile(startOffset, MappedFile.Open(path)));
        }

        queue._files = [.. kept];
        if (kept.Count > 0)
        {
            queue.EraseFrom(kept[^1], maxOffset);
        }

        // Retention may have deleted files after the checkpoint was taken: what is gone is below the minimum now.
        var firstPresent = kept.Count > 0 ? kept[0].StartOffset : maxOffset;
        queue._minOffset = Math.Min(maxOffset, Math.Max(minOffset, firstPresent));
        queue._maxOffset = maxOffset;
        queue._nextOffset = maxOffset;
        return queue;
    }

    /// <summary>A new, empty queue whose first message will get <paramref name="offset"/> (new queues: 0; a replica
    /// that installed a snapshot: the queue's next offset at the snapshot).</summary>
    internal static ConsumeQueue CreateEmpty(string topic, byte[] topicUtf8, int queueId, string directory,
        int fileSizeBytes, long offset)
    {
        var queue = new ConsumeQueue(topic, topicUtf8, queueId, directory, fileSizeBytes);
        queue._minOffset = queue._maxOffset = queue._nextOffset = offset;
        return queue;
    }

    /// <summary>
    /// Retention: moves the minimum past every unit whose message is at or below <paramref name="boundaryOffset"/>
    /// (a commit-log offset) and deletes files that hold only such units. Called by retention under the store's apply
    /// lock (so never during an entry's apply); readers holding a file keep it mapped until they let go.
    /// </summary>
    /// <returns>Files deleted.</returns>
    public int DeleteBelow(long boundaryOffset)
    {
        var newMin = FirstOffsetAbove(boundaryOffset);
        if (newMin > MinOffset)
        {
            Volatile.Write(ref _minOffset, newMin);
        }

        var deleted = 0;
        lock (_structure)
        {
            var files = _files;
            var keep = files.Where(f => f.StartOffset + _unitsPerFile > newMin || f == files[^1]).ToArray();
            foreach (var file in files.Except(keep))
            {
                file.File.Destroy(deleteFile: true);
                deleted++;
            }

            Volatile.Write(ref _files, keep);
        }

        return deleted;
    }

    /// <summary>Removes every file and the directory (topic deleted, or projections rebuilt). Writer thread.</summary>
    public void Destroy()
    {
        lock (_structure)
        {
            foreach (var file in _files)
            {
                file.File.Destroy(deleteFile: true);
            }

            Volatile.Write(ref _files, []);
        }

        Volatile.Write(ref _minOffset, 0);
        Volatile.Write(ref _maxOffset, 0);
        _nextOffset = 0;
        TryDeleteDirectory(_directory);
    }

    /// <summary>Unmaps every file, keeping them on disk (store shutdown).</summary>
    public void Close()
    {
        lock (_structure)
        {
            foreach (var file in _files)
            {
                file.File.Destroy(deleteFile: false);
            }

            Volatile.Write(ref _files, []);
        }
    }

    /// <summary>The first queue offset in [min, max) whose unit points above <paramref name="boundaryOffset"/>.</summary>
    private long FirstOffsetAbove(long boundaryOffset)
    {
        long low = MinOffset, high = MaxOffset;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (!TryRead(middle, out var unit) || unit.CommitLogOffset <= boundaryOffset)
            {
                // An unreadable unit sits in a file retention already dropped: it is below the boundary too.
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private void EraseFrom(QueueFile last, long maxOffset)
    {
        // Units are written in order, so everything written after the checkpoint (complete or torn) lies between
        // maxOffset and the first blank unit.
        var first = Math.Max(0, maxOffset - last.StartOffset);
        for (var i = first; i < _unitsPerFile; i++)
        {
            var unit = last.File.Span(i * ConsumeQueueUnit.Bytes, ConsumeQueueUnit.Bytes);
            if (ConsumeQueueUnit.IsBlank(unit))
            {
                break;
            }

            unit.Clear();
            last.File.MarkDirty();
        }
    }

    private static IEnumerable<(long StartOffset, string Path)> ListFiles(string directory, int fileSizeBytes)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var files = new List<(long, string)>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            var info = new FileInfo(path);
            if (name.Length != 20 || !long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture,
                    out var startBytes) || startBytes % fileSizeBytes != 0 || info.Length != fileSizeBytes)
            {
                // Not a queue file of ours (or one cut short by a crash while being created): rebuilt by replay.
                File.Delete(path);
                continue;
            }

            files.Add((startBytes / ConsumeQueueUnit.Bytes, path));
        }

        files.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return files;
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still mapped by a reader disappears with its last reference; the next start cleans up.
        }
    }
}
