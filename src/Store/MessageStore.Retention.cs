using RocketMQ.Common.Messages;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Checkpoint;
using RocketMQ.Store.Retention;

namespace RocketMQ.Store;

/// <summary>
/// Retention (decision 9): <c>fileReservedTime</c>, <c>deleteWhen</c> and the disk-space ratios move the boundary
/// (the log's snapshot index: entries at or below it may be deleted) to a retention point, and the projections drop
/// what lies below it. A disk above <c>diskSpaceWarningLevelRatio</c> refuses puts; reads go on.
/// </summary>
public sealed partial class MessageStore
{
    private readonly RetentionPoints _retention;
    private readonly Lock _retentionGate = new();
    private volatile string? _diskFullRemark;

    /// <summary>Whether puts are refused because the disk is nearly full.</summary>
    public bool IsDiskFull => _diskFullRemark is not null;

    /// <summary>Evaluates retention once now (the timer runs it every <c>cleanResourceInterval</c>).</summary>
    public void RunRetention()
    {
        // One run at a time: the timer's run and a caller's may overlap, and two runs choosing from the same list of
        // points would move to the same one twice (its file already deleted) or write an older snapshot last.
        lock (_retentionGate)
        {
            RunRetentionOnce();
        }
    }

    private void RunRetentionOnce()
    {
        var usage = _environment.DiskUsage(_options.StorePathRootDir);
        UpdateDiskFull(usage);
        var points = _retention.Points;
        if (points.Count == 0)
        {
            return;
        }

        var now = _environment.Time.GetUtcNow();
        var expiredBefore = now.ToUnixTimeMilliseconds() - (_options.FileReservedTime * 3_600_000L);
        var timeToDelete = _options.DeleteHours.Contains(_environment.Time.GetLocalNow().Hour);
        var spaceTight = usage >= _options.DiskMaxUsedSpaceRatio / 100.0;
        var forced = _options.CleanFileForciblyEnable && usage >= _options.DiskSpaceCleanForciblyRatio / 100.0;

        // As RocketMQ's CleanCommitLogService: expired data goes at deleteWhen, or at once when space is tight;
        // above the forced ratio the oldest data goes even unexpired, one step per run.
        var target = timeToDelete || spaceTight ? points.LastOrDefault(p => p.MaxStoreTimestamp < expiredBefore) : null;
        var reason = timeToDelete ? "expired, deleteWhen" : "expired, disk above diskMaxUsedSpaceRatio";
        if (target is null && forced)
        {
            target = points[0];
            reason = "disk above diskSpaceCleanForciblyRatio";
        }

        if (target is not null)
        {
            MoveRetentionBoundary(target, reason);

            // What the deletion freed counts at once rather than at the next run.
            UpdateDiskFull(_environment.DiskUsage(_options.StorePathRootDir));
        }
    }

    private void UpdateDiskFull(double usage)
    {
        var full = usage >= _options.DiskSpaceWarningLevelRatio / 100.0;
        var wasFull = _diskFullRemark is not null;
        _diskFullRemark = full
            ? $"the broker's disk is full: {usage:P1} of the volume holding {_options.StorePathRootDir} is used, "
              + $"above diskSpaceWarningLevelRatio {_options.DiskSpaceWarningLevelRatio}%"
            : null;
        if (full != wasFull)
        {
            StoreLog.DiskUsage(_logger, usage, _options.StorePathRootDir,
                full ? "puts refused until space is freed" : "puts accepted again");
        }
    }

    private void MoveRetentionBoundary(RetentionPoint point, string reason)
    {
        _retention.MoveTo(point);
        int queueFiles = 0, indexFiles;
        lock (_applyLock)
        {
            var lastRemoved = CommitLogOffset.LastOfEntry(point.Index);
            foreach (var queue in _queues.All)
            {
                queueFiles += queue.DeleteBelow(lastRemoved);
            }

            // Not past the active file the durable checkpoint names: after a crash, recovery reopens it (its current
            // end is at least the checkpointed one, so the bound keeps it and everything newer).
            indexFiles = _index.DeleteFilesBelow(Math.Min(CommitLogOffset.FirstOfEntry(point.Index + 1),
                Volatile.Read(ref _checkpointActiveIndexEnd)));
        }

        StoreLog.RetentionMoved(_logger, point.Index, reason, queueFiles, indexFiles);
    }

    /// <summary>
    /// Replaces every projection with the leader's snapshot: this replica was behind the leader's retention boundary.
    /// Queues restart empty at the snapshot's offsets; config tables come from the snapshot; the snapshot becomes this
    /// replica's boundary and a checkpoint is written at once.
    /// </summary>
    public ValueTask InstallSnapshotAsync(ReplicaSnapshot snapshot, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = StoreCheckpoint.Decode(snapshot.State.Span);
        lock (_applyLock)
        {
            _lastQueue = null;
            _queues.Clear();
            _index.DeleteAll();
            foreach (var queue in state.Queues)
            {
                _queues.Add(ConsumeQueue.ConsumeQueue.CreateEmpty(queue.Topic,
                    System.Text.Encoding.UTF8.GetBytes(queue.Topic), queue.QueueId,
                    _queues.QueueDirectory(queue.Topic, queue.QueueId), _options.MappedFileSizeConsumeQueue,
                    queue.MaxOffset));
            }

            RestoreMetadata(state with { Index = snapshot.Index, Term = snapshot.Term });
        }

        _retention.Reset(snapshot, state.MaxStoreTimestamp);
        WriteCheckpoint(CaptureCheckpoint());
        ReleaseAppliedWaiters(snapshot.Index);
        StoreLog.SnapshotInstalled(_logger, snapshot.Index, snapshot.Term, state.Queues.Count);
        return ValueTask.CompletedTask;
    }
}
