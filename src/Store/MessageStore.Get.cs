using System.Buffers;
using RocketMQ.Common.Messages;
using RocketMQ.Store.ConsumeQueue;
using RocketMQ.Store.Reading;

namespace RocketMQ.Store;

/// <summary>The consumer read path: (topic, queue, offset) → ConsumeQueue units → messages from the log's entries.</summary>
public sealed partial class MessageStore
{
    /// <summary>Units RocketMQ scans at most per get when filtering (16,000 bytes of units).</summary>
    private const int MinUnitsScanned = 16_000 / ConsumeQueueUnit.Bytes;

    private (ConsumeQueue.ConsumeQueue?, long) _lastReportedUnit;

    /// <summary>
    /// Reads up to <paramref name="maxMessages"/> messages of a queue from <paramref name="offset"/>, as RocketMQ's
    /// <c>DefaultMessageStore.getMessage</c>: the same statuses and next offsets, units filtered by
    /// <paramref name="filter"/> (null = every message), within the byte/count budgets of
    /// <c>maxTransfer*OnMessageIn{Memory,Disk}</c> and <paramref name="maxBytes"/>. Only committed, applied messages are
    /// returned, each verified before it is served.
    /// </summary>
    /// <param name="topic">The topic.</param>
    /// <param name="queueId">The queue.</param>
    /// <param name="offset">The first queue offset wanted.</param>
    /// <param name="maxMessages">Most messages returned (the pull's maxMsgNums).</param>
    /// <param name="filter">Tag filter; null = every message.</param>
    /// <param name="maxBytes">Most bytes returned (besides the configured budgets).</param>
    /// <param name="token">Cancels the read.</param>
    /// <param name="correctOffsets">RocketMQ's <c>nextOffsetCorrection</c>: when false (a follower that must not move a
    /// consumer's offset, <c>offsetCheckInSlave=false</c>), error statuses keep <paramref name="offset"/> as the next
    /// offset.</param>
    /// <returns>A result owning pooled memory: dispose it.</returns>
    public async ValueTask<GetMessageResult> GetMessagesAsync(string topic, int queueId, long offset, int maxMessages,
        IMessageFilter? filter = null, int maxBytes = int.MaxValue, bool correctOffsets = true,
        CancellationToken token = default)
    {
        var result = new GetMessageResult();
        var queue = _queues.Find(topic, queueId);
        if (queue is null || Log is not { } log)
        {
            Finish(result, GetMessageStatus.NoMatchedLogicQueue, Correct(offset, 0), 0, 0);
            return result;
        }

        long min = queue.MinOffset, max = queue.MaxOffset;
        if (max == 0)
        {
            Finish(result, GetMessageStatus.NoMessageInQueue, Correct(offset, 0), min, max);
        }
        else if (offset < min)
        {
            Finish(result, GetMessageStatus.OffsetTooSmall, Correct(offset, min), min, max);
        }
        else if (offset == max)
        {
            Finish(result, GetMessageStatus.OffsetOverflowOne, Correct(offset, offset), min, max);
        }
        else if (offset > max)
        {
            Finish(result, GetMessageStatus.OffsetOverflowBadly, Correct(offset, max), min, max);
        }
        else
        {
            await ReadQueueAsync(log, queue, offset, Math.Max(1, maxMessages), filter, maxBytes, result, token)
                .ConfigureAwait(false);

            // Damage right where the consumer stands: re-derive the units from the log and read again (once). Damage
            // further on is repaired when the consumer gets there.
            if (result.CorruptionDetected && result.MessageCount == 0
                && await TryRepairAsync(log, queue, result.CorruptQueueOffset, token).ConfigureAwait(false))
            {
                result.Dispose();
                result = new GetMessageResult { Repaired = true };
                await ReadQueueAsync(log, queue, offset, Math.Max(1, maxMessages), filter, maxBytes, result, token)
                    .ConfigureAwait(false);
            }

            result.MinOffset = min;
            result.MaxOffset = max;
            if (result.Status == GetMessageStatus.OffsetFoundNull && !result.CorruptionDetected)
            {
                result.NextBeginOffset = Correct(offset, queue.NextFileStart(offset));
            }
        }

        return result;

        long Correct(long old, long corrected) => correctOffsets ? corrected : old;
    }

    private async ValueTask ReadQueueAsync(Common.Replication.IReplicatedLog log, ConsumeQueue.ConsumeQueue queue,
        long offset, int maxMessages, IMessageFilter? filter, int maxBytes, GetMessageResult result,
        CancellationToken token)
    {
        var scan = Math.Max(MinUnitsScanned, maxMessages);
        var units = ArrayPool<ConsumeQueueUnit>.Shared.Rent(scan + 1);
        var copier = new MessageCopier();
        try
        {
            // One unit more than scanned, so the last scanned unit can be checked against its successor too.
            var read = queue.Read(offset, units.AsSpan(0, scan + 1));
            if (read == 0)
            {
                result.Status = GetMessageStatus.OffsetFoundNull;
                return;
            }

            var consumed = Plan(queue, offset, units.AsSpan(0, read), Math.Min(read, scan), maxMessages, filter,
                maxBytes, copier, result);
            if (copier.PlannedCount == 0)
            {
                result.Status = result.CorruptionDetected ? GetMessageStatus.OffsetFoundNull
                    : GetMessageStatus.NoMatchedMessage;
                result.NextBeginOffset = offset + consumed;
                return;
            }

            await copier.CopyAsync(log, token).ConfigureAwait(false);
            Settle(queue, offset, consumed, copier, result);
        }
        finally
        {
            copier.Dispose();
            ArrayPool<ConsumeQueueUnit>.Shared.Return(units);
        }
    }

    /// <summary>Chooses the units to serve; returns how many units were consumed (scanned past).</summary>
    private int Plan(ConsumeQueue.ConsumeQueue queue, long offset, ReadOnlySpan<ConsumeQueueUnit> units, int scan,
        int maxMessages, IMessageFilter? filter, int maxBytes, MessageCopier copier, GetMessageResult result)
    {
        var previous = queue.TryRead(offset - 1, out var before) && offset - 1 >= queue.MinOffset
            ? before.CommitLogOffset : 0;
        var applied = AppliedIndex;

        // A read stops at the end of a file, so the last unit read may have no successor in units: take it from the
        // next file, or a damaged last unit of a file could point at a later message of this queue unnoticed.
        var afterLast = scan == units.Length && queue.TryRead(offset + scan, out var next)
            ? next.CommitLogOffset : long.MaxValue;
        var budget = new TransferBudget(_options, maxMessages, maxBytes);
        copier.Begin(result, queue.TopicUtf8, queue.QueueId, Math.Min(scan, maxMessages));
        var plannedBytes = 0;
        var i = 0;
        for (; i < scan; i++)
        {
            var unit = units[i];
            var following = i + 1 < units.Length ? units[i + 1].CommitLogOffset : afterLast;
            if (!IsPlausible(unit, previous, following, applied))
            {
                ReportCorruptUnit(queue, offset + i, unit);
                result.CorruptionDetected = true;
                result.CorruptQueueOffset = offset + i;
                break;
            }

            previous = unit.CommitLogOffset;
            var cold = IsCold(unit.CommitLogOffset, applied);
            if (budget.IsFull(unit.Size, plannedBytes, copier.PlannedCount, cold))
            {
                break;
            }

            if (filter is not null && !filter.IsMatchedByConsumeQueue(unit.TagsCode))
            {
                continue;
            }

            copier.Add(offset + i, unit.CommitLogOffset, unit.Size);
            plannedBytes += unit.Size;
        }

        result.Reserve(plannedBytes, copier.PlannedCount);
        result.SuggestPullingFromFollower = i > 0 && IsCold(units[i - 1].CommitLogOffset, applied);
        return i;
    }

    private void Settle(ConsumeQueue.ConsumeQueue queue, long offset, int consumed, MessageCopier copier,
        GetMessageResult result)
    {
        var plan = copier.Plan;
        if (copier.Copied > 0)
        {
            result.Status = GetMessageStatus.Found;

            // Stopped early (damage, or retention overtook the read): continue at the first message not served.
            result.NextBeginOffset = copier.Next < plan.Length ? plan[copier.Next].QueueOffset : offset + consumed;
        }
        else if (copier.Corrupt)
        {
            result.Status = GetMessageStatus.OffsetFoundNull;
            result.NextBeginOffset = plan[copier.Next].QueueOffset;
        }
        else
        {
            result.Status = GetMessageStatus.MessageWasRemoving;
            result.NextBeginOffset = offset + consumed;
        }

        if (copier.Corrupt)
        {
            result.CorruptionDetected = true;
            var bad = plan[copier.Next];
            result.CorruptQueueOffset = bad.QueueOffset;
            StoreLog.CorruptMessage(_logger, queue.Topic, queue.QueueId, bad.QueueOffset, bad.CommitLogOffset);
        }
    }

    /// <summary>
    /// Integrity checks a unit must pass before anything is read through it: a plausible size and address, an address
    /// strictly between its neighbours' (a damaged unit that points at another message of the same queue breaks
    /// that order with one neighbour or the other) and no further than the applied index.
    /// </summary>
    private static bool IsPlausible(in ConsumeQueueUnit unit, long previous, long following, long appliedIndex)
    {
        var address = new CommitLogOffset(unit.CommitLogOffset);
        return unit.Size >= Records.StoredMessageLayout.MinMessageLength && unit.Size < CommitLogOffset.MaxEntryBytes
            && address.IsValid && address.Index <= appliedIndex
            && unit.CommitLogOffset > previous && (following == 0 || unit.CommitLogOffset < following);
    }

    /// <summary>
    /// RocketMQ's <c>checkInDiskByCommitOffset</c>: data further behind the log's end than
    /// <c>accessMessageInMemoryMaxRatio</c>% of memory is cold. The distance in bytes is estimated from the entries
    /// between (an offset carries an entry index, not a byte position in one big file).
    /// </summary>
    private bool IsCold(long commitLogOffset, long appliedIndex)
    {
        var behind = appliedIndex - new CommitLogOffset(commitLogOffset).Index;
        var averageEntryBytes = Volatile.Read(ref _appliedLogBytes) / Math.Max(1, appliedIndex);
        var memory = _environment.PhysicalMemoryBytes * (_options.AccessMessageInMemoryMaxRatio / 100.0);
        return behind * averageEntryBytes > memory;
    }

    private void ReportCorruptUnit(ConsumeQueue.ConsumeQueue queue, long queueOffset, in ConsumeQueueUnit unit)
    {
        // A consumer stuck at a damaged unit retries it on every pull: report each unit once.
        var key = (queue, queueOffset);
        if (_lastReportedUnit != key)
        {
            _lastReportedUnit = key;
            StoreLog.CorruptUnit(_logger, queue.Topic, queue.QueueId, queueOffset, unit.CommitLogOffset, unit.Size);
        }
    }

    private static void Finish(GetMessageResult result, GetMessageStatus status, long next, long min, long max)
    {
        result.Status = status;
        result.NextBeginOffset = next;
        result.MinOffset = min;
        result.MaxOffset = max;
    }
}
