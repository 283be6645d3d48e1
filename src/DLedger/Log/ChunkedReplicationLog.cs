using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace RocketMQ.DLedger.Log;

/// <summary>
/// DotNext's <see cref="WriteAheadLog"/> with one change: a range read for replication hands the consumer at most
/// <c>chunkBytes</c> of entries. DotNext's leader reads a lagging follower's whole backlog in one call and ships it
/// in one AppendEntries request; with a large backlog that request outlives the request timeout, the follower keeps
/// the partial (uncommitted) data and rewrites it on every retry, and catch-up never ends
/// (../shared/docs/dotnext-raft.md, pitfall 1). Shipping a bounded prefix lets each request finish and commit, so
/// the follower advances chunk by chunk.
/// </summary>
/// <remarks>
/// The replication process is the only caller of range reads through <see cref="IAuditTrail{TEntry}"/> (terms are
/// read one entry at a time); it advances its next index by the number of entries it was handed, so a prefix is a
/// valid, smaller replication round. The interface is re-implemented so DotNext's calls dispatch here.
/// </remarks>
internal sealed class ChunkedReplicationLog(WriteAheadLog.Options options, IStateMachine stateMachine, long chunkBytes)
    : WriteAheadLog(options, stateMachine), IAuditTrail<IRaftLogEntry>
{
    /// <summary>
    /// When set, entries arriving from a leader are refused (the AppendEntries request fails and the leader treats
    /// this member as unavailable) instead of written. Set while the volume is nearly full: the WAL writes through
    /// memory-mapped, sparse chunk files, and a write that finds no free block kills the process (SIGBUS), which
    /// would turn a full disk into a crash loop.
    /// </summary>
    public bool RefuseReplicatedWrites { get; set; }

    ValueTask<TResult> IAuditTrail<IRaftLogEntry>.ReadAsync<TResult>(ILogEntryConsumer<IRaftLogEntry, TResult> reader,
        long startIndex, long endIndex, CancellationToken token)
        => ReadAsync(new PrefixConsumer<TResult>(reader, chunkBytes), startIndex, endIndex, token);

    ValueTask IAuditTrail<IRaftLogEntry>.AppendAsync<TEntry>(ILogEntryProducer<TEntry> entries, long startIndex,
        bool skipCommitted, CancellationToken token)
        => RefuseReplicatedWrites
            ? ValueTask.FromException(new IOException("not enough free disk space for the log; write refused"))
            : AppendAsync(entries, startIndex, skipCommitted, token);

    private sealed class PrefixConsumer<TResult>(ILogEntryConsumer<IRaftLogEntry, TResult> inner, long chunkBytes)
        : ILogEntryConsumer<IRaftLogEntry, TResult>
    {
        public bool LogEntryMetadataOnly => inner.LogEntryMetadataOnly;

        public ValueTask<TResult> ReadAsync<TEntry, TList>(TList entries, long? snapshotIndex, CancellationToken token)
            where TEntry : IRaftLogEntry
            where TList : IReadOnlyList<TEntry>
        {
            // A snapshot goes alone (DotNext sends entries[0] only); short lists pass through untouched.
            if (snapshotIndex.HasValue || entries.Count <= 1)
            {
                return inner.ReadAsync<TEntry, TList>(entries, snapshotIndex, token);
            }

            var count = 0;
            var bytes = 0L;
            while (count < entries.Count)
            {
                var length = entries[count].Length ?? 0;
                if (count > 0 && bytes + length > chunkBytes)
                {
                    break;
                }

                bytes += length;
                count++;
            }

            return count == entries.Count
                ? inner.ReadAsync<TEntry, TList>(entries, null, token)
                : inner.ReadAsync<TEntry, Prefix<TEntry, TList>>(new Prefix<TEntry, TList>(entries, count), null, token);
        }
    }

    private readonly struct Prefix<TEntry, TList>(TList list, int count) : IReadOnlyList<TEntry>
        where TList : IReadOnlyList<TEntry>
    {
        public int Count => count;

        public TEntry this[int index] => (uint)index < (uint)count
            ? list[index]
            : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<TEntry> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return list[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
