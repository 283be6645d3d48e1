using System.Buffers.Binary;
using System.Numerics;
using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.Bench.Node;

/// <summary>
/// The bench node's state machine: counts applied records and bytes, keeps the set of payload ids (the first 8
/// bytes of each record, little-endian) and an order-sensitive digest of them, and nothing else. Checkpoint 0 and
/// no snapshot: every start re-applies the whole log, so a restarted member rebuilds the same state.
/// </summary>
/// <remarks>Apply calls come from the log's single applier; every reader method is thread-safe.</remarks>
internal sealed class CountingStateMachine : IReplicatedStateMachine
{
    private const ulong DigestSeed = 0xCBF29CE484222325;
    private const ulong DigestPrime = 0x9E3779B97F4A7C15;
    private readonly Lock _gate = new();
    private readonly IdBitmap _ids = new();
    private readonly List<(long Index, TaskCompletionSource Reached)> _waiters = [];
    private long _records;
    private long _bytes;
    private long _lastIndex;
    private ulong _digest = DigestSeed;

    public long CheckpointIndex => 0;

    public ReplicaSnapshot? Snapshot => null;

    public ValueTask ApplyAsync(ReplicatedEntry entry, CancellationToken token)
    {
        lock (_gate)
        {
            foreach (var record in entry)
            {
                _records++;
                _bytes += record.Payload.Length;
                var span = record.Payload.Span;

                // Records without an id still move the digest, so replicas that differ in them disagree.
                var id = span.Length >= sizeof(long) ? BinaryPrimitives.ReadInt64LittleEndian(span) : ~span.Length;
                _ids.Add(id);
                _digest = BitOperations.RotateLeft(_digest ^ (ulong)id, 27) * DigestPrime;
            }

            _lastIndex = entry.Index;
            ReleaseWaitersLocked();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Never called: with no <see cref="Snapshot"/> the log keeps every entry and ships entries only.
    /// </summary>
    public ValueTask InstallSnapshotAsync(ReplicaSnapshot snapshot, CancellationToken token) =>
        throw new InvalidOperationException("the bench state machine publishes no snapshot, so none can arrive");

    public AppliedDigest Describe()
    {
        lock (_gate)
        {
            return new AppliedDigest(_records, _bytes, _ids.Count, _lastIndex, _digest);
        }
    }

    /// <summary>Counts the ids in <paramref name="ids"/> (8-byte LE each) never applied; also returns the first
    /// missing one, or -1.</summary>
    public (int Checked, int Missing, long FirstMissing) CountMissing(ReadOnlySpan<byte> ids)
    {
        var missing = 0;
        var first = -1L;
        var count = ids.Length / sizeof(long);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                var id = BinaryPrimitives.ReadInt64LittleEndian(ids[(i * sizeof(long))..]);
                if (!_ids.Contains(id))
                {
                    missing++;
                    first = first < 0 ? id : first;
                }
            }
        }

        return (count, missing, first);
    }

    /// <summary>Completes once an entry at or above <paramref name="index"/> has been applied. A waiter whose caller
    /// gave up stays registered until then (a few bytes; callers wait for indexes the group has committed).</summary>
    public Task WaitForAppliedAsync(long index)
    {
        lock (_gate)
        {
            if (_lastIndex >= index)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((index, reached));
            return reached.Task;
        }
    }

    private void ReleaseWaitersLocked()
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Index <= _lastIndex)
            {
                _waiters[i].Reached.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }
}

/// <summary>What a member applied, as DIGEST reports it.</summary>
/// <param name="Records">Records applied (duplicates of a retried id count again).</param>
/// <param name="Bytes">Payload bytes applied.</param>
/// <param name="DistinctIds">Distinct payload ids applied.</param>
/// <param name="LastIndex">Raft index of the last applied record batch (0 = none).</param>
/// <param name="OrderDigest">Hash of the ids in apply order: equal on replicas that applied the same prefix.</param>
internal readonly record struct AppliedDigest(long Records, long Bytes, long DistinctIds, long LastIndex,
    ulong OrderDigest);
