using System.Buffers;
using System.Diagnostics;
using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.Commit;

/// <summary>
/// Records gathered for one Raft entry (group commit), encoded in <see cref="RecordBatchFormat"/> as they arrive,
/// with the waiter of each record. Travels with the entry as DotNext's entry context, so the leader's applier can
/// give each record its appender's context and complete each waiter with the entry's index.
/// </summary>
/// <remarks>Filled under the committer's lock; after sealing it is read by one replicating task and the applier.
/// Completes its waiters exactly once (<see cref="Complete"/> or <see cref="Fail"/>, whichever comes first).</remarks>
internal sealed class PendingBatch
{
    private const int InitialBytes = 64 * 1024;

    private readonly List<AppendWaiter> _waiters = new(64);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBytes);
    private object?[]? _contexts;
    private int _length = RecordBatchFormat.HeaderBytes;
    private int _completed;

    /// <summary>The leader term the entry is appended in; the applier ignores the context of another term's entry
    /// at the same index (DotNext keeps a context across an overwrite of its index).</summary>
    public long Term { get; set; }

    public int Count => _waiters.Count;

    /// <summary>When the first record joined (a <see cref="Stopwatch"/> timestamp).</summary>
    public long OpenedAt { get; private set; }

    /// <summary>When the batch was handed to Raft (0 until then).</summary>
    public long DispatchedAt { get; private set; }

    public int Length => _length;

    /// <summary>The encoded entry (valid after <see cref="Seal"/>, until <see cref="Release"/>).</summary>
    public ReadOnlyMemory<byte> Payload => _buffer.AsMemory(0, _length);

    public void Add(RecordKind kind, ReadOnlySpan<byte> payload, AppendWaiter waiter)
    {
        var needed = _length + RecordBatchFormat.RecordSize(payload.Length);
        if (needed > _buffer.Length)
        {
            Grow(needed);
        }

        _length += RecordBatchFormat.WriteRecord(_buffer.AsSpan(_length), kind, payload);
        if (_waiters.Count == 0)
        {
            OpenedAt = Stopwatch.GetTimestamp();
        }

        _waiters.Add(waiter);
    }

    /// <summary>Writes the header and snapshots the apply contexts; no more records may be added.</summary>
    public void Seal()
    {
        RecordBatchFormat.WriteHeader(_buffer, _waiters.Count);
        for (var i = 0; i < _waiters.Count; i++)
        {
            if (_waiters[i].ApplyContext is { } context)
            {
                (_contexts ??= new object?[_waiters.Count])[i] = context;
            }
        }
    }

    /// <summary>Notes the hand-over to Raft for the commit metrics.</summary>
    public void MarkDispatched()
    {
        DispatchedAt = Stopwatch.GetTimestamp();
        CommitMetrics.EntryRecords.Record(_waiters.Count);
        CommitMetrics.QueueTime.Record(CommitMetrics.MillisecondsSince(OpenedAt));
    }

    /// <summary>The apply contexts in record order for the leader's state machine; null when no record has one.</summary>
    public object?[]? Contexts => _contexts;

    /// <summary>Whether the waiters already have their outcome (a late apply must not hand out contexts).</summary>
    public bool IsSettled => Volatile.Read(ref _completed) != 0;

    /// <summary>Reports every record committed at <paramref name="index"/>; called by the applier.</summary>
    public void Complete(long index, long term)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        if (DispatchedAt != 0)
        {
            CommitMetrics.CommitTime.Record(CommitMetrics.MillisecondsSince(DispatchedAt));
        }

        for (var i = 0; i < _waiters.Count; i++)
        {
            _waiters[i].Complete(new AppendResult(AppendStatus.Committed, index, term, i, null));
        }
    }

    /// <summary>Reports every record failed (unless the applier already completed them).</summary>
    public void Fail(AppendStatus status, string? leaderId)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        foreach (var waiter in _waiters)
        {
            waiter.Complete(AppendResult.Failed(status, leaderId));
        }
    }

    /// <summary>Returns the buffer to the pool; the batch must not be used afterwards.</summary>
    public void Release()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
