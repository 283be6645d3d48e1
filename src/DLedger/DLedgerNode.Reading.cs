using RocketMQ.Common.Replication;
using RocketMQ.DLedger.StateMachine;

namespace RocketMQ.DLedger;

/// <summary>The read path: committed, applied entries straight from the WAL's pages.</summary>
public sealed partial class DLedgerNode
{
    /// <summary>Entries examined per read-lock hold, so a reader never blocks appends for long.</summary>
    private const int MaxEntriesPerRead = 1024;

    public async ValueTask<ReadResult> ReadAsync<TVisitor>(long fromIndex, long maxBytes, TVisitor visitor,
        CancellationToken token)
        where TVisitor : IEntryVisitor
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromIndex, 1);
        var applied = Math.Max(LastAppliedIndex, _adapter.ReadableIndex);
        if (fromIndex > applied)
        {
            return new ReadResult(ReadStatus.NotYetApplied, fromIndex, 0);
        }

        var firstIndex = FirstIndex;
        if (fromIndex < firstIndex)
        {
            return new ReadResult(ReadStatus.BelowRetention, firstIndex, 0);
        }

        var end = Math.Min(applied, fromIndex + MaxEntriesPerRead - 1);
        var reader = await _log.ReadAsync(fromIndex, end, token).ConfigureAwait(false);
        try
        {
            return Visit(reader, fromIndex, maxBytes, ref visitor);
        }
        finally
        {
            reader.Dispose();
        }
    }

    private ReadResult Visit<TVisitor>(in DotNext.Net.Cluster.Consensus.Raft.StateMachine.WriteAheadLog.LogEntryReader reader,
        long fromIndex, long maxBytes, ref TVisitor visitor)
        where TVisitor : IEntryVisitor
    {
        var next = fromIndex;
        var visited = 0;
        var bytes = 0L;
        for (var i = 0; i < reader.Count; i++)
        {
            var entry = reader[i];
            if (entry.IsSnapshot)
            {
                // Retention moved past fromIndex between the check and the read.
                return new ReadResult(ReadStatus.BelowRetention, entry.Index + 1, visited);
            }

            next = entry.Index + 1;
            if (entry.CommandId != EntryCommand.RecordBatch || !entry.TryGetPayload(out var sequence))
            {
                continue; // DotNext no-ops and leadership transfers are not records.
            }

            if (visited > 0 && bytes + sequence.Length > maxBytes)
            {
                next = entry.Index;
                break;
            }

            bytes += sequence.Length;
            visited++;
            if (!VisitEntry(entry.Index, entry.Term, sequence, ref visitor))
            {
                break;
            }
        }

        return new ReadResult(visited > 0 ? ReadStatus.Found : ReadStatus.NotYetApplied, next, visited);
    }

    private static bool VisitEntry<TVisitor>(long index, long term, in System.Buffers.ReadOnlySequence<byte> sequence,
        ref TVisitor visitor)
        where TVisitor : IEntryVisitor
    {
        // Not validated here: readers usually want a few bytes at a known position of a large entry, and the entry
        // was validated when it was applied. The enumerator checks lengths as it walks.
        if (sequence.IsSingleSegment)
        {
            return visitor.Visit(new ReplicatedEntry(index, term, sequence.First, ReplicatedEntry.UnknownRecordCount,
                null));
        }

        // An entry that straddles two WAL chunks arrives in pieces: lend the visitor a pooled contiguous copy.
        var length = (int)sequence.Length;
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            System.Buffers.BuffersExtensions.CopyTo(sequence, rented);
            return visitor.Visit(new ReplicatedEntry(index, term, rented.AsMemory(0, length),
                ReplicatedEntry.UnknownRecordCount, null));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
