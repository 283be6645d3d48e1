using RocketMQ.Store.Records;

namespace RocketMQ.Store.Index;

public sealed partial class IndexService
{
    private const byte KeySeparator = (byte)' ';

    // Bounds the search for a free file name; only stray files left by failed deletions can collide.
    private const int MaxNameAttempts = 10_000;

    /// <summary>
    /// Indexes one applied message (Java's <c>buildIndex</c>): its UNIQ_KEY, then each non-empty KEYS entry split at
    /// spaces, each as <c>topic#key</c>. Applier thread only; allocation-free except when a new file is started.
    /// </summary>
    /// <param name="topicUtf8">The message's topic.</param>
    /// <param name="properties">The message's scanned properties (only UNIQ_KEY and KEYS are used).</param>
    /// <param name="commitLogOffset">The message's commit-log offset. A message below the active file's end offset
    /// is skipped, as Java skips messages dispatched again after a restart.</param>
    /// <param name="storeTimestamp">The message's store timestamp (ms): the item's time, and the name of a file this
    /// message starts.</param>
    /// <param name="transactionType">The message's transaction type (sysFlag bits outside
    /// <see cref="StoredMessageLayout.TransactionMask"/> are ignored); rolled-back messages are not indexed.</param>
    /// <exception cref="IOException">A new file could not be created; keys already put for this message stay.
    /// </exception>
    public void BuildIndex(ReadOnlySpan<byte> topicUtf8, in IndexedProperties properties, long commitLogOffset,
        long storeTimestamp, int transactionType)
    {
        ThrowIfDisposed();
        var files = Volatile.Read(ref _files);
        var active = files.Length == 0 ? null : files[^1];
        if (active is not null && commitLogOffset < active.EndPhyOffset)
        {
            return;
        }

        if ((transactionType & StoredMessageLayout.TransactionMask) == StoredMessageLayout.TransactionRollbackType)
        {
            return;
        }

        if (!properties.UniqueKey.IsEmpty)
        {
            active = Put(active, topicUtf8, properties.UniqueKey, commitLogOffset, storeTimestamp);
        }

        var keys = properties.Keys;
        while (!keys.IsEmpty)
        {
            var separator = keys.IndexOf(KeySeparator);
            var key = separator < 0 ? keys : keys[..separator];
            keys = separator < 0 ? [] : keys[(separator + 1)..];
            if (!key.IsEmpty)
            {
                active = Put(active, topicUtf8, key, commitLogOffset, storeTimestamp);
            }
        }
    }

    private IndexFile Put(IndexFile? active, ReadOnlySpan<byte> topicUtf8, ReadOnlySpan<byte> keyUtf8,
        long commitLogOffset, long storeTimestamp)
    {
        var keyHash = IndexKeyHash.Of(topicUtf8, keyUtf8);
        if (active is not null && active.TryPut(keyHash, commitLogOffset, storeTimestamp))
        {
            return active;
        }

        active = StartFile(active, storeTimestamp);
        if (!active.TryPut(keyHash, commitLogOffset, storeTimestamp))
        {
            throw new InvalidOperationException($"new index file {active.Name} refused its first item");
        }

        return active;
    }

    // The previous (full) file stays dirty until the checkpointer flushes it; Java flushes it on a new thread.
    private IndexFile StartFile(IndexFile? previous, long storeTimestamp)
    {
        var nameTimestamp = FirstNameCandidate(previous, storeTimestamp);
        for (var attempt = 0; attempt < MaxNameAttempts; attempt++, nameTimestamp++)
        {
            if (File.Exists(Path.Combine(_directory, IndexFileName.Format(nameTimestamp))))
            {
                continue;
            }

            var file = IndexFile.Create(_directory, nameTimestamp, _hashSlotNum, _indexNum,
                previous?.EndPhyOffset ?? 0, previous?.EndTimestamp ?? 0);
            Append(file);
            IndexLog.FileCreated(_logger, file.Name, file.Header.BeginPhyOffset);
            return file;
        }

        throw new IOException($"no free index file name from {IndexFileName.Format(nameTimestamp)} on");
    }

    // Names follow the store timestamp of the message that starts the file, but never go backwards: a store clock
    // that stepped back (a new leader's clock) would otherwise sort a newer file before an older one, and both Java's
    // load and operators read the directory in name order. The active file is the same on every replica, so the rule
    // stays deterministic.
    private static long FirstNameCandidate(IndexFile? previous, long storeTimestamp)
    {
        var candidate = IndexFileName.Clamp(storeTimestamp);
        return previous is not null && candidate <= previous.NameTimestamp
            ? Math.Min(previous.NameTimestamp + 1, IndexFileName.MaxTimestamp)
            : candidate;
    }
}
