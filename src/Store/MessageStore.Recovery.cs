using RocketMQ.Common.Messages;
using RocketMQ.Store.Checkpoint;

namespace RocketMQ.Store;

/// <summary>
/// Opening after a clean stop or a crash: the newest usable checkpoint wins and every projection is cut back to it,
/// so the projections equal what applying the log up to the checkpoint produces; the log then re-applies the rest.
/// </summary>
public sealed partial class MessageStore
{
    private void Recover()
    {
        Directory.CreateDirectory(_options.StorePathRootDir);
        Directory.CreateDirectory(_options.CheckpointDirectory);
        _retention.Load();
        var (checkpoint, source) = LoadNewestCheckpoint();
        RestoreMetadata(checkpoint);
        RecoverQueues(checkpoint);
        KeepQueuesAboveRetentionBoundary();
        RecoverIndex(checkpoint);
        _checkpointIndex = checkpoint.Index;
        _checkpointActiveIndexEnd = ActiveIndexEnd(checkpoint.IndexState);
        StoreLog.Opened(_logger, _options.StorePathRootDir, checkpoint.Index, source, checkpoint.Queues.Count,
            checkpoint.Config.Topics.Count);
    }

    /// <summary>
    /// The checkpoint file, its backup (the one before), and the retention snapshot are all states the projections
    /// can be cut back to; the newest valid one needs the least replay. The snapshot is never older than what the log
    /// still holds, so whichever wins, the log can re-apply everything after it.
    /// </summary>
    private (StoreCheckpoint Checkpoint, string Source) LoadNewestCheckpoint()
    {
        var best = (Checkpoint: StoreCheckpoint.Empty(), Source: "empty store");
        foreach (var (path, source) in new[]
                 {
                     (CheckpointPath, "checkpoint"),
                     (CheckpointPath + ".bak", "previous checkpoint"),
                     (_retention.SnapshotPath, "retention snapshot"),
                 })
        {
            if (TryLoadCheckpoint(path) is { } candidate && candidate.Index > best.Checkpoint.Index)
            {
                best = (candidate, source);
            }
        }

        return best;
    }

    private StoreCheckpoint? TryLoadCheckpoint(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return StoreCheckpoint.Decode(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            StoreLog.CheckpointUnusable(_logger, path, e.Message);
            return null;
        }
    }

    private void RestoreMetadata(StoreCheckpoint checkpoint)
    {
        _config = checkpoint.Config;
        _appliedIndex = checkpoint.Index;
        _appliedTerm = checkpoint.Term;
        _appliedLogBytes = checkpoint.AppliedLogBytes;
        _maxStoreTimestamp = checkpoint.MaxStoreTimestamp;
    }

    private void RecoverIndex(StoreCheckpoint checkpoint)
    {
        try
        {
            _index.Recover(checkpoint.Index == 0 ? null : checkpoint.IndexState);
        }
        catch (InvalidDataException e)
        {
            // A damaged index file must not keep the store from opening: the index only serves key queries. It starts
            // empty (IndexService.Recover's contract); messages stored before this point are not found by key.
            StoreLog.IndexDiscarded(_logger, _options.IndexDirectory, e.Message);
            _index.DeleteAll();
        }
    }

    /// <summary>
    /// Retention may have moved the boundary after the newest checkpoint was written (a crash before the next one):
    /// the checkpoint's queue minimums then lie below entries the log no longer holds, and would be served as
    /// readable. Moving them past the boundary again restores what the store reported before the crash.
    /// </summary>
    private void KeepQueuesAboveRetentionBoundary()
    {
        if (_retention.Snapshot is not { } boundary)
        {
            return;
        }

        foreach (var queue in _queues.All)
        {
            queue.DeleteBelow(CommitLogOffset.LastOfEntry(boundary.Index));
        }
    }

    private void RecoverQueues(StoreCheckpoint checkpoint)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var queue in checkpoint.Queues)
        {
            var directory = _queues.QueueDirectory(queue.Topic, queue.QueueId);
            known.Add(Path.GetFullPath(directory));
            _queues.Add(ConsumeQueue.ConsumeQueue.Recover(queue.Topic, System.Text.Encoding.UTF8.GetBytes(queue.Topic),
                queue.QueueId, directory, _options.MappedFileSizeConsumeQueue, queue.MinOffset, queue.MaxOffset));
        }

        // Queues that appeared after the checkpoint are re-created by replay; what is on disk of them goes now.
        if (!Directory.Exists(_options.ConsumeQueueDirectory))
        {
            return;
        }

        foreach (var topicDirectory in Directory.EnumerateDirectories(_options.ConsumeQueueDirectory))
        {
            foreach (var queueDirectory in Directory.EnumerateDirectories(topicDirectory))
            {
                if (!known.Contains(Path.GetFullPath(queueDirectory)))
                {
                    Directory.Delete(queueDirectory, recursive: true);
                }
            }

            if (!Directory.EnumerateFileSystemEntries(topicDirectory).Any())
            {
                Directory.Delete(topicDirectory);
            }
        }
    }
}
