using RocketMQ.Common.Messages;
using RocketMQ.Common.Replication;
using RocketMQ.Store.ConsumeQueue;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;

namespace RocketMQ.Store;

/// <summary>
/// Repair of damaged ConsumeQueue units from the log (the log is the source of truth; a queue is a projection of it).
/// When a read meets a unit that fails its checks, the store finds the nearest intact units on both sides, reads the
/// log entries between their messages, and re-derives the units in between exactly as applying did. The repair is
/// accepted only if it finds exactly as many messages of the queue as there are offsets to fill.
/// </summary>
public sealed partial class MessageStore
{
    /// <summary>How far a repair looks for an intact unit on each side.</summary>
    private const int RepairBracketUnits = 64;

    /// <summary>The most log entries one repair reads (a sparse queue between busy ones may need many).</summary>
    private const long RepairMaxEntries = 100_000;

    private readonly SemaphoreSlim _repairGate = new(1, 1);
    private (ConsumeQueue.ConsumeQueue?, long) _lastFailedRepair;

    /// <summary>Re-derives the units around <paramref name="damaged"/>; true when they were rewritten.</summary>
    private async ValueTask<bool> TryRepairAsync(IReplicatedLog log, ConsumeQueue.ConsumeQueue queue, long damaged,
        CancellationToken token)
    {
        await _repairGate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            // A consumer stuck at damage that cannot be repaired retries it on every pull: try each place once.
            if (_lastFailedRepair == (queue, damaged))
            {
                return false;
            }

            _lastFailedRepair = (queue, damaged);
            var lower = await FindIntactUnitAsync(log, queue, damaged - 1, -1, token).ConfigureAwait(false);
            var upper = await FindIntactUnitAsync(log, queue, damaged + 1, +1, token).ConfigureAwait(false);
            if (lower is not { } low || upper is not { } high || high.Unit.CommitLogOffset <= low.Unit.CommitLogOffset
                || high.Offset - low.Offset > RepairBracketUnits * 2)
            {
                StoreLog.RepairImpossible(_logger, queue.Topic, queue.QueueId, damaged, "no intact units around it");
                return false;
            }

            var collector = new QueueUnitCollector(this, queue, low.Unit.CommitLogOffset, high.Unit.CommitLogOffset);
            var from = Math.Max(1, new CommitLogOffset(low.Unit.CommitLogOffset).Index);
            var to = new CommitLogOffset(high.Unit.CommitLogOffset).Index;
            if (to - from > RepairMaxEntries)
            {
                StoreLog.RepairImpossible(_logger, queue.Topic, queue.QueueId, damaged, "too much log to read");
                return false;
            }

            for (var next = from; next <= to && !collector.Failed;)
            {
                var read = await log.ReadAsync(next, long.MaxValue, collector, token).ConfigureAwait(false);
                if (read.Status != ReadStatus.Found || read.NextIndex <= next)
                {
                    return false;
                }

                next = read.NextIndex;
            }

            var expected = high.Offset - low.Offset - 1;
            if (collector.Failed || collector.Units.Count != expected)
            {
                StoreLog.RepairImpossible(_logger, queue.Topic, queue.QueueId, damaged,
                    $"the log holds {collector.Units.Count} messages of the queue between its neighbours, not {expected}");
                return false;
            }

            for (var i = 0; i < collector.Units.Count; i++)
            {
                queue.Rewrite(low.Offset + 1 + i, collector.Units[i]);
            }

            StoreLog.UnitsRepaired(_logger, queue.Topic, queue.QueueId, low.Offset + 1, collector.Units.Count);
            _lastFailedRepair = default;
            return true;
        }
        finally
        {
            _repairGate.Release();
        }
    }

    /// <summary>
    /// The nearest unit from <paramref name="start"/> in <paramref name="step"/> direction whose message reads back
    /// intact and belongs to the queue. The queue's end counts as an intact bound (offset max at the address past
    /// everything applied); its start does not — a topic deleted and created again would let older messages of the
    /// same name into the count.
    /// </summary>
    private async ValueTask<(long Offset, ConsumeQueueUnit Unit)?> FindIntactUnitAsync(IReplicatedLog log,
        ConsumeQueue.ConsumeQueue queue, long start, int step, CancellationToken token)
    {
        for (var offset = start; Math.Abs(offset - start) < RepairBracketUnits; offset += step)
        {
            if (offset < queue.MinOffset)
            {
                return null;
            }

            if (offset >= queue.MaxOffset)
            {
                return (queue.MaxOffset, new ConsumeQueueUnit(CommitLogOffset.LastOfEntry(AppliedIndex), 0, 0));
            }

            if (!queue.TryRead(offset, out var unit) || !new CommitLogOffset(unit.CommitLogOffset).IsValid
                || unit.Size < StoredMessageLayout.MinMessageLength)
            {
                continue;
            }

            using var probe = new GetMessageResult();
            var copier = new MessageCopier();
            try
            {
                copier.Begin(probe, queue.TopicUtf8, queue.QueueId, 1);
                copier.Add(offset, unit.CommitLogOffset, unit.Size);
                await copier.CopyAsync(log, token).ConfigureAwait(false);
                if (copier.Copied == 1)
                {
                    return (offset, unit);
                }
            }
            finally
            {
                copier.Dispose();
            }
        }

        return null;
    }

    /// <summary>Walks log entries collecting, in order, the units applying them gave one queue within a range.</summary>
    private sealed class QueueUnitCollector(MessageStore store, ConsumeQueue.ConsumeQueue queue, long after,
        long before) : IEntryVisitor
    {
        public List<ConsumeQueueUnit> Units { get; } = [];

        public bool Failed { get; private set; }

        public bool Visit(in ReplicatedEntry entry)
        {
            if (CommitLogOffset.FirstOfEntry(entry.Index) > before)
            {
                return false;
            }

            foreach (var record in entry)
            {
                if (record.Kind == StoreRecordKinds.Messages)
                {
                    Collect(entry.Index, record);
                }
            }

            return !Failed && Units.Count <= RepairBracketUnits * 2;
        }

        private void Collect(long index, in ReplicatedRecord record)
        {
            var payload = record.Payload.Span;
            if (MessageBatchFormat.Validate(payload, out var count) != BatchCheck.Valid)
            {
                return; // Refused when applied, so it gave the queue nothing.
            }

            var position = MessageBatchFormat.HeaderBytes;
            for (var i = 0; i < count; i++)
            {
                var start = position + MessageBatchFormat.MessagePrefixBytes;
                StoredMessage.TryRead(payload[start..], out var message);
                position = start + message.TotalSize;
                var address = CommitLogOffset.From(index, record.Offset + start).Value;
                if (address > after && address < before && message.QueueId == queue.QueueId
                    && message.Topic.SequenceEqual(queue.TopicUtf8)
                    && message.TransactionType is StoredMessageLayout.TransactionNotType
                        or StoredMessageLayout.TransactionCommitType)
                {
                    var properties = Utf8Properties.Scan(message.Properties);
                    Units.Add(new ConsumeQueueUnit(address, message.TotalSize, store.TagsCode(message, properties)));
                }
            }
        }
    }
}
