using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.Commit;

/// <summary>
/// Coalesces concurrent appends into Raft entries (architecture decision 2). Records join the open batch until it
/// would exceed <c>maxBatchBytes</c>; a batch is sent as soon as fewer than <c>maxInflight</c> entries are in flight.
/// Under light load every record goes out at once (no fixed linger); under heavy load records gather while earlier
/// entries replicate, so the linger and batch size grow with load by themselves.
/// </summary>
/// <remarks>Thread-safe. Each sealed batch is handed to <c>replicate</c> exactly once, which must complete or fail
/// its waiters; the committer fails a batch that <c>replicate</c> leaves unfinished.</remarks>
internal sealed class GroupCommitter : IAsyncDisposable
{
    private readonly Func<PendingBatch, Task> _replicate;
    private readonly int _maxBatchBytes;
    private readonly int _maxInflight;
    private readonly Lock _gate = new();
    private readonly Queue<PendingBatch> _sealed = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PendingBatch? _open;
    private TaskCompletionSource? _idleSignal;
    private int _inflight;
    private bool _paused;
    private bool _disposed;

    public GroupCommitter(Func<PendingBatch, Task> replicate, int maxBatchBytes, int maxInflight)
    {
        _replicate = replicate;
        _maxBatchBytes = maxBatchBytes;
        _maxInflight = maxInflight;
    }

    /// <summary>The largest record payload that fits in one entry.</summary>
    public int MaxRecordBytes => _maxBatchBytes - RecordBatchFormat.HeaderBytes - RecordBatchFormat.RecordHeaderBytes;

    /// <summary>Entries handed to replication and not yet finished.</summary>
    public int Inflight => Volatile.Read(ref _inflight);

    /// <summary>Queues one record; the task completes when its entry commits or fails.</summary>
    public ValueTask<AppendResult> AppendAsync(RecordKind kind, ReadOnlySpan<byte> payload, object? applyContext)
    {
        if (payload.Length > MaxRecordBytes)
        {
            return ValueTask.FromResult(AppendResult.Failed(AppendStatus.TooLarge, null));
        }

        var waiter = AppendWaiter.Rent(applyContext);
        var task = waiter.AsValueTask();
        lock (_gate)
        {
            if (_disposed)
            {
                waiter.Complete(AppendResult.Failed(AppendStatus.Unavailable, null));
                return task;
            }

            var recordBytes = RecordBatchFormat.RecordSize(payload.Length);
            if (_open is { } open && open.Length + recordBytes > _maxBatchBytes)
            {
                SealOpen();
            }

            (_open ??= new PendingBatch()).Add(kind, payload, waiter);
            DispatchLocked();
        }

        return task;
    }

    /// <summary>Stops sending new entries (records keep queueing) — used while leadership is handed over.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            _paused = true;
        }
    }

    /// <summary>Resumes sending after <see cref="Pause"/>.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _paused = false;
            DispatchLocked();
        }
    }

    /// <summary>Fails every queued (not yet sent) record with <paramref name="status"/>.</summary>
    public void FailQueued(AppendStatus status, string? leaderId)
    {
        List<PendingBatch> failed;
        lock (_gate)
        {
            if (_open is not null)
            {
                SealOpen();
            }

            failed = [.. _sealed];
            _sealed.Clear();
        }

        foreach (var batch in failed)
        {
            batch.Fail(status, leaderId);
            batch.Release();
        }
    }

    /// <summary>Completes when no entry is in flight (immediately if none is).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (_inflight == 0)
            {
                return Task.CompletedTask;
            }

            _idleSignal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idleSignal.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_inflight == 0)
            {
                _stopped.TrySetResult();
            }
        }

        FailQueued(AppendStatus.Unavailable, null);
        await _stopped.Task.ConfigureAwait(false);
    }

    private void SealOpen()
    {
        var open = _open!;
        open.Seal();
        _sealed.Enqueue(open);
        _open = null;
    }

    private void DispatchLocked()
    {
        while (!_paused && !_disposed && _inflight < _maxInflight)
        {
            if (_sealed.Count == 0)
            {
                if (_open is null)
                {
                    return;
                }

                SealOpen();
            }

            _inflight++;
            var batch = _sealed.Dequeue();
            batch.MarkDispatched();
            _ = RunAsync(batch);
        }
    }

    private async Task RunAsync(PendingBatch batch)
    {
        try
        {
            // Leave the appender's thread (and the lock) before DotNext's append path runs.
            await Task.Yield();
            await _replicate(batch).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // replicate reports outcomes itself; anything escaping it leaves the outcome unknown.
        }
        finally
        {
            CommitMetrics.SlotTime.Record(CommitMetrics.MillisecondsSince(batch.DispatchedAt));
            batch.Fail(AppendStatus.OutcomeUnknown, null);
            batch.Release();
            TaskCompletionSource? idle = null;
            lock (_gate)
            {
                _inflight--;
                if (_inflight == 0)
                {
                    idle = _idleSignal;
                    _idleSignal = null;
                    if (_disposed)
                    {
                        _stopped.TrySetResult();
                    }
                }

                DispatchLocked();
            }

            idle?.TrySetResult();
        }
    }
}
