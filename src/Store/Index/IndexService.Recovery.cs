namespace RocketMQ.Store.Index;

public sealed partial class IndexService
{
    /// <summary>
    /// Brings the directory back to <paramref name="checkpoint"/>: the files it names are opened (the last, the
    /// active one, cut back to the checkpointed header so it is byte-identical to a file that never received the
    /// later items), index files it does not name were created after it and are deleted. A null checkpoint deletes
    /// every index file. Applier thread, before <see cref="BuildIndex"/> and before queries start (queries running
    /// during recovery may see torn chains).
    /// </summary>
    /// <remarks>Cost: the active file's slots are scanned and its unused item area is read once.</remarks>
    /// <exception cref="InvalidDataException">The active file is missing, a named file does not match the geometry,
    /// or the active file disagrees with the checkpoint; the caller should <see cref="DeleteAll"/> and rebuild the
    /// index from the log.</exception>
    public void Recover(IndexCheckpoint? checkpoint)
    {
        ThrowIfDisposed();
        foreach (var file in DetachAll())
        {
            file.Destroy(deleteFile: false);
        }

        var names = checkpoint?.FileNames ?? [];
        DeleteUnknownFiles(new HashSet<string>(names, StringComparer.Ordinal));
        if (checkpoint is null || names.Count == 0)
        {
            IndexLog.RecoveredEmpty(_logger, _directory);
            return;
        }

        var opened = new List<IndexFile>(names.Count);
        try
        {
            for (var i = 0; i < names.Count - 1; i++)
            {
                var path = Path.Combine(_directory, names[i]);
                if (File.Exists(path))
                {
                    opened.Add(IndexFile.Open(path, _hashSlotNum, _indexNum, headerFromCheckpoint: false));
                }
                else
                {
                    // Retention may delete a file after a checkpoint named it; older files are not needed to go on.
                    IndexLog.NamedFileMissing(_logger, names[i]);
                }
            }

            opened.Add(OpenActive(names[^1], checkpoint.ActiveHeader, out var diskIndexCount));
            IndexLog.Recovered(_logger, _directory, opened.Count, names[^1], diskIndexCount,
                checkpoint.ActiveHeader.IndexCount);
        }
        catch
        {
            foreach (var file in opened)
            {
                file.Destroy(deleteFile: false);
            }

            throw;
        }

        lock (_filesLock)
        {
            Volatile.Write(ref _files, opened.ToArray());
        }
    }

    private IndexFile OpenActive(string name, IndexHeader header, out int diskIndexCount)
    {
        var path = Path.Combine(_directory, name);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"active index file '{path}' named in the checkpoint is missing");
        }

        var file = IndexFile.Open(path, _hashSlotNum, _indexNum, headerFromCheckpoint: true);
        try
        {
            diskIndexCount = file.DiskIndexCount();
            if (file.TruncateTo(header))
            {
                IndexLog.SlotsRebuilt(_logger, name, header.IndexCount);
            }

            return file;
        }
        catch
        {
            file.Destroy(deleteFile: false);
            throw;
        }
    }

    // Deletes every file named like an index file that is not kept; anything else in the directory is left alone.
    private void DeleteUnknownFiles(HashSet<string>? keep)
    {
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            var name = Path.GetFileName(path);
            if (IndexFileName.TryParse(name, out _) && (keep is null || !keep.Contains(name)))
            {
                File.Delete(path);
                if (keep is not null)
                {
                    IndexLog.UnknownFileDeleted(_logger, name);
                }
            }
        }
    }
}
