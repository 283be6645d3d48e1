using RocketMQ.Store.Checkpoint;
using RocketMQ.Store.Config;
using RocketMQ.Store.Files;

namespace RocketMQ.Store;

/// <summary>
/// Checkpoints (decision 8): every <c>flushIntervalConsumeQueue</c> the metadata is captured at an entry boundary,
/// the projection files are flushed, and only then the checkpoint file is replaced — so a checkpoint never claims
/// more than the disk holds. On restart the log skips entries up to <see cref="CheckpointIndex"/>.
/// </summary>
public sealed partial class MessageStore
{
    private const string CheckpointFileName = "projections.checkpoint";

    private readonly Lock _checkpointGate = new();
    private long _checkpointIndex;

    // End offset of the active index file the durable checkpoint names (MaxValue: none). Recovery reopens that file,
    // so retention keeps it even after newer files made it old (see MoveRetentionBoundary).
    private long _checkpointActiveIndexEnd = long.MaxValue;
    private ConfigSnapshot? _configFilesWritten;
    private Task _checkpointLoop = Task.CompletedTask;
    private Task _retentionLoop = Task.CompletedTask;

    private string CheckpointPath => Path.Combine(_options.CheckpointDirectory, CheckpointFileName);

    /// <summary>Captures, flushes and writes a checkpoint now (tests and shutdown; normally the timer does it).</summary>
    public void Checkpoint() => WriteCheckpoint(CaptureCheckpoint());

    private static long ActiveIndexEnd(Index.IndexCheckpoint index) =>
        index.FileNames.Count == 0 ? long.MaxValue : index.ActiveHeader.EndPhyOffset;

    private void StartBackgroundWork()
    {
        _checkpointLoop = Task.Run(() => RunPeriodicallyAsync("checkpoint", _options.FlushIntervalConsumeQueue,
            CheckpointIfBehind));
        _retentionLoop = Task.Run(() => RunPeriodicallyAsync("retention", _options.CleanResourceInterval,
            RunRetention));
    }

    private async Task StopBackgroundWorkAsync()
    {
        await _checkpointLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _retentionLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunPeriodicallyAsync(string name, int intervalMs, Action work)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(intervalMs), _environment.Time);
        while (await timer.WaitForNextTickAsync(_lifetime.Token).ConfigureAwait(false))
        {
            try
            {
                work();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed round (disk trouble, or a bug) is logged and retried next tick; the loop must not die
                // quietly, or checkpoints and retention would stop for good.
                StoreLog.BackgroundFailed(_logger, name, e);
            }
        }
    }

    private void CheckpointIfBehind()
    {
        if (AppliedIndex > CheckpointIndex)
        {
            WriteCheckpoint(CaptureCheckpoint());
        }
    }

    /// <summary>
    /// The metadata as of the last applied entry. The cut is taken between entries (under the apply lock) and is
    /// cheap there — queue ranges plus immutable index and config snapshots; encoding happens outside the lock.
    /// </summary>
    private CapturedCheckpoint CaptureCheckpoint()
    {
        List<QueueCheckpoint> queues;
        Index.IndexCheckpoint index;
        ConfigSnapshot config;
        long appliedIndex, term, logBytes, maxStoreTimestamp;
        lock (_applyLock)
        {
            queues = [.. _queues.All.Select(q =>
                new QueueCheckpoint(q.Topic, q.QueueId, Math.Min(q.MinOffset, q.NextOffset), q.NextOffset))];
            index = _index.Capture();
            config = _config.Current;
            (appliedIndex, term, logBytes, maxStoreTimestamp) =
                (_appliedIndex, _appliedTerm, _appliedLogBytes, _maxStoreTimestamp);
        }

        queues.Sort((a, b) => a.Topic == b.Topic ? a.QueueId.CompareTo(b.QueueId)
            : string.CompareOrdinal(a.Topic, b.Topic));
        var bytes = StoreCheckpoint.Encode(appliedIndex, term, logBytes, maxStoreTimestamp, queues, index, config);
        return new CapturedCheckpoint(appliedIndex, term, logBytes, maxStoreTimestamp, bytes, config, index);
    }

    /// <summary>Flushes the projections, then replaces the checkpoint file. One writer at a time.</summary>
    private void WriteCheckpoint(CapturedCheckpoint captured)
    {
        lock (_checkpointGate)
        {
            if (captured.Index < CheckpointIndex)
            {
                return; // A newer checkpoint got there first.
            }

            foreach (var queue in _queues.All)
            {
                queue.FlushDirty();
            }

            _index.FlushDirty();
            if (!ReferenceEquals(captured.Config, _configFilesWritten))
            {
                // For operators' eyes and tools; the log stays the source of truth (never read back).
                ConfigFiles.Write(_options.ConfigDirectory, captured.Config);
                _configFilesWritten = captured.Config;
            }

            AtomicFile.Write(CheckpointPath, captured.Bytes, keepBackup: true);
            Volatile.Write(ref _checkpointIndex, captured.Index);
            Volatile.Write(ref _checkpointActiveIndexEnd, ActiveIndexEnd(captured.IndexState));
            _retention.OnCheckpoint(captured, _options.RetentionSnapshotIntervalBytes);
        }
    }
}

/// <summary>A checkpoint captured between entries, waiting to be made durable.</summary>
internal sealed record CapturedCheckpoint(long Index, long Term, long AppliedLogBytes, long MaxStoreTimestamp,
    byte[] Bytes, ConfigSnapshot Config, Index.IndexCheckpoint IndexState);
