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

            // Not validated here: readers usually want a few bytes at a known position of a large entry, and the
            // entry was validated when it was applied. The enumerator checks lengths as it walks.
            var payload = sequence.IsSingleSegment ? sequence.First : System.Buffers.BuffersExtensions.ToArray(sequence);
            bytes += payload.Length;
            visited++;
            var unvalidated = new ReplicatedEntry(entry.Index, entry.Term, payload, ReplicatedEntry.UnknownRecordCount,
                null);
            if (!visitor.Visit(unvalidated))
            {
                break;
            }
        }

        return new ReadResult(visited > 0 ? ReadStatus.Found : ReadStatus.NotYetApplied, next, visited);
    }
}
