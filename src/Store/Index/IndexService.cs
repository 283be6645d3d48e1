using Microsoft.Extensions.Logging;

namespace RocketMQ.Store.Index;

/// <summary>
/// The store's RocketMQ-compatible message index (Java's <c>IndexService</c>): <c>topic#key</c> for each message's
/// UNIQ_KEY and KEYS, filed in a sequence of <see cref="IndexFileName">time-named</see> index files under one
/// directory, each with <c>hashSlotNum</c> slots and room for <c>indexNum - 1</c> items.
/// </summary>
/// <remarks>
/// <para>Threads: one writer — the state-machine applier — calls <see cref="Recover"/>, <see cref="BuildIndex"/>,
/// <see cref="Capture"/>, <see cref="DeleteAll"/> and <see cref="Dispose"/>. <see cref="Query"/> may run on any
/// number of threads at the same time, <see cref="FlushDirty"/> on a checkpointer thread and
/// <see cref="DeleteFilesBelow"/> on a retention thread. The file list is an immutable array swapped under a lock;
/// readers take it without locking and hold a reference on each file while they read it.</para>
/// <para>Durability: files are memory-mapped; <see cref="FlushDirty"/> makes them durable. A checkpoint is
/// <see cref="Capture"/> on the applier, then <see cref="FlushDirty"/>, then persisting the capture; recovery trusts
/// exactly what such a checkpoint names.</para>
/// </remarks>
public sealed partial class IndexService : IDisposable
{
    private readonly string _directory;
    private readonly int _hashSlotNum;
    private readonly int _indexNum;
    private readonly ILogger _logger;
    private readonly Lock _filesLock = new();
    private IndexFile[] _files = [];
    private int _disposed;

    /// <summary>Prepares the service; nothing is read until <see cref="Recover"/>.</summary>
    /// <param name="directory">The index directory, owned by this service (created if missing). Every file in it
    /// named like an index file is this service's to delete.</param>
    /// <param name="hashSlotNum">Slots per file (RocketMQ <c>maxHashSlotNum</c>, default 5,000,000); at least 1.
    /// </param>
    /// <param name="indexNum">Items per file including the unused item 0 (RocketMQ <c>maxIndexNum</c>, default
    /// 20,000,000); at least 2. As in Java, a whole file must stay under 2 GiB.</param>
    /// <param name="logger">Where recovery, roll-over, retention and corruption are reported.</param>
    public IndexService(string directory, int hashSlotNum, int indexNum, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(hashSlotNum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(indexNum, 2);
        ArgumentNullException.ThrowIfNull(logger);
        if (IndexFile.FileSize(hashSlotNum, indexNum) > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(indexNum),
                $"{hashSlotNum} slots and {indexNum} items make a file over 2 GiB");
        }

        _directory = Path.GetFullPath(directory);
        _hashSlotNum = hashSlotNum;
        _indexNum = indexNum;
        _logger = logger;
        Directory.CreateDirectory(_directory);
    }

    /// <summary>The index directory (full path).</summary>
    public string DirectoryPath => _directory;

    /// <summary>Names of the current index files, oldest first. Any thread; a snapshot.</summary>
    public IReadOnlyList<string> FileNames
    {
        get
        {
            var files = Volatile.Read(ref _files);
            var names = new string[files.Length];
            for (var i = 0; i < files.Length; i++)
            {
                names[i] = files[i].Name;
            }

            return names;
        }
    }

    /// <summary>
    /// The state a checkpoint persists: the file names in order and the active file's header, exactly as they are
    /// between two <see cref="BuildIndex"/> calls. Applier thread only (so the header is not changing under it).
    /// </summary>
    public IndexCheckpoint Capture()
    {
        var files = Volatile.Read(ref _files);
        if (files.Length == 0)
        {
            return IndexCheckpoint.Empty;
        }

        var names = new string[files.Length];
        for (var i = 0; i < files.Length; i++)
        {
            names[i] = files[i].Name;
        }

        return new IndexCheckpoint(names, files[^1].Header);
    }

    /// <summary>
    /// Flushes every file written since its last flush. Any thread, concurrently with <see cref="BuildIndex"/>
    /// (writes racing the flush leave the file dirty for the next one).
    /// </summary>
    /// <exception cref="IOException">A flush failed; the file stays dirty.</exception>
    public void FlushDirty()
    {
        foreach (var file in Volatile.Read(ref _files))
        {
            if (file.IsDirty)
            {
                file.Flush();
            }
        }
    }

    /// <summary>How many files were written since their last flush (diagnostics and tests). Any thread.</summary>
    internal int DirtyFileCount
    {
        get
        {
            var dirty = 0;
            foreach (var file in Volatile.Read(ref _files))
            {
                dirty += file.IsDirty ? 1 : 0;
            }

            return dirty;
        }
    }

    /// <summary>
    /// Retention (Java's <c>deleteExpiredFile</c>): destroys and deletes the oldest files whose end commit-log offset
    /// is below <paramref name="commitLogOffset"/>, never the active (newest) file. Files are deleted once their last
    /// reader leaves. Any thread.
    /// </summary>
    /// <returns>How many files were removed.</returns>
    public int DeleteFilesBelow(long commitLogOffset)
    {
        IndexFile[] expired;
        lock (_filesLock)
        {
            var files = _files;
            var count = 0;

            // End offsets grow with creation order, so the expired files are a prefix (Java stops at the first
            // file that is still needed).
            while (count < files.Length - 1 && files[count].EndPhyOffset < commitLogOffset)
            {
                count++;
            }

            if (count == 0)
            {
                return 0;
            }

            expired = files[..count];
            Volatile.Write(ref _files, files[count..]);
        }

        foreach (var file in expired)
        {
            file.Destroy(deleteFile: true);
            IndexLog.FileExpired(_logger, file.Name, file.EndPhyOffset, commitLogOffset);
        }

        return expired.Length;
    }

    /// <summary>
    /// Destroys and deletes every index file (snapshot install, rebuild); the next key starts a new file. Applier
    /// thread.
    /// </summary>
    public void DeleteAll()
    {
        ThrowIfDisposed();
        var files = DetachAll();
        foreach (var file in files)
        {
            file.Destroy(deleteFile: true);
        }

        DeleteUnknownFiles(keep: null);
        IndexLog.AllDeleted(_logger, files.Length, _directory);
    }

    /// <summary>Unmaps every file (once readers leave) without flushing or deleting. Applier thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var file in DetachAll())
        {
            file.Destroy(deleteFile: false);
        }
    }

    private IndexFile[] DetachAll()
    {
        lock (_filesLock)
        {
            var files = _files;
            Volatile.Write(ref _files, []);
            return files;
        }
    }

    private void Append(IndexFile file)
    {
        lock (_filesLock)
        {
            Volatile.Write(ref _files, [.. _files, file]);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
