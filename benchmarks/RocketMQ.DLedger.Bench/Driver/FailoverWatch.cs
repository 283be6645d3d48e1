using System.Diagnostics;

namespace RocketMQ.DLedger.Bench.Driver;

/// <summary>
/// Collects what the failover workers acknowledge: every acknowledged payload id (per worker, merged at the end)
/// and, while armed for a kill, the first acknowledgement of an attempt sent after the kill — necessarily by a
/// leader that is alive after it: another member, or the killed one if it came back and won the election.
/// </summary>
/// <remarks>Thread-safe for <see cref="OnAck"/>; arm and read from one controlling task.</remarks>
public sealed class FailoverWatch
{
    private readonly List<List<long>> _idsPerWorker = [];
    private Armed? _armed;
    private long _acks;

    /// <summary>Acknowledgements so far.</summary>
    public long Acks => Interlocked.Read(ref _acks);

    /// <summary>A list for one worker's acknowledged ids (only that worker adds to it).</summary>
    public List<long> NewWorkerLog()
    {
        var ids = new List<long>(64 * 1024);
        lock (_idsPerWorker)
        {
            _idsPerWorker.Add(ids);
        }

        return ids;
    }

    /// <summary>Every acknowledged id; call after the workers stopped.</summary>
    public List<long> AllAcknowledgedIds()
    {
        lock (_idsPerWorker)
        {
            return [.. _idsPerWorker.SelectMany(ids => ids)];
        }
    }

    /// <summary>Call just before the kill, with the kill's <see cref="Stopwatch"/> timestamp. Completes with the
    /// first acknowledgement of an attempt sent at or after it, and the time it arrived.</summary>
    /// <remarks>Answers the dead leader wrote before dying may still be read after the kill; their attempts were
    /// sent before it, so they do not count.</remarks>
    public Task<(AppendAck Ack, long ReceivedAt)> Arm(long killedAt)
    {
        var armed = new Armed(killedAt);
        Volatile.Write(ref _armed, armed);
        return armed.FirstAck.Task;
    }

    public void Disarm() => Volatile.Write(ref _armed, null);

    public void OnAck(AppendAck ack)
    {
        Interlocked.Increment(ref _acks);
        if (Volatile.Read(ref _armed) is { } armed && ack.SentAt >= armed.KilledAt)
        {
            armed.FirstAck.TrySetResult((ack, Stopwatch.GetTimestamp()));
        }
    }

    private sealed record Armed(long KilledAt)
    {
        public TaskCompletionSource<(AppendAck Ack, long ReceivedAt)> FirstAck { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
