using System.Collections.Concurrent;

namespace RocketMQ.Store.Writing;

/// <summary>
/// The apply context of one put (architecture decision 3): the leader's state machine writes each message's queue
/// offset and commit-log offset into it while applying the entry, before the put's append completes. Pooled.
/// </summary>
internal sealed class PutContext
{
    private static readonly ConcurrentQueue<PutContext> Pool = new();
    private long[] _commitLogOffsets = new long[1];

    public int MessageCount { get; private set; }

    /// <summary>Queue offset of the first message; -1 until applied.</summary>
    public long FirstQueueOffset { get; private set; }

    /// <summary>Why the state machine refused the record (null when it was applied).</summary>
    public string? RefusedBecause { get; private set; }

    /// <summary>Whether every message was recorded.</summary>
    public bool IsComplete => _recorded == MessageCount;

    private int _recorded;

    public ReadOnlySpan<long> CommitLogOffsets => _commitLogOffsets.AsSpan(0, MessageCount);

    public static PutContext Rent(int messageCount)
    {
        if (!Pool.TryDequeue(out var context))
        {
            context = new PutContext();
        }

        if (context._commitLogOffsets.Length < messageCount)
        {
            context._commitLogOffsets = new long[messageCount];
        }

        context.MessageCount = messageCount;
        context.FirstQueueOffset = -1;
        context.RefusedBecause = null;
        context._recorded = 0;
        return context;
    }

    /// <summary>Returns the context once its put completed; it must not be used afterwards.</summary>
    public void Return()
    {
        if (Pool.Count < 1024)
        {
            Pool.Enqueue(this);
        }
    }

    /// <summary>Applier: message <paramref name="ordinal"/> of the record got these offsets.</summary>
    public void Record(int ordinal, long queueOffset, long commitLogOffset)
    {
        if (ordinal == 0)
        {
            FirstQueueOffset = queueOffset;
        }

        _commitLogOffsets[ordinal] = commitLogOffset;
        _recorded++;
    }

    /// <summary>Applier: the record was not applied.</summary>
    public void Refuse(string reason) => RefusedBecause = reason;
}
