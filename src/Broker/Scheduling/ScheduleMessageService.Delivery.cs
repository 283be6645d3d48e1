using RocketMQ.Broker.Sending;
using RocketMQ.Broker.Topics;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;

namespace RocketMQ.Broker.Scheduling;

/// <summary>One delay level's loop: read the due prefix, re-store it in order, record progress, sleep.</summary>
public sealed partial class ScheduleMessageService
{
    /// <summary>Messages read per batch (one PULL's worth, as the store's in-memory transfer count).</summary>
    private const int BatchMessages = 32;

    /// <summary>Batches per round before the loop yields (keeps a backlog from starving stop requests).</summary>
    private const int BatchesPerRound = 16;

    private async Task RunLevelAsync(Session session, LevelWorker worker)
    {
        var token = session.Cancellation.Token;
        while (!token.IsCancellationRequested)
        {
            var (delivered, wakeAtMs) = (0, NowMs() + IdleRecheckMs);
            try
            {
                (delivered, wakeAtMs) = await DeliverRoundAsync(worker, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed round must not end the level's deliveries: log, pause, go on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                SendLog.RoundFailed(_logger, e, worker.Level);
            }

            await SleepAsync(worker, delivered, wakeAtMs, token).ConfigureAwait(false);
        }
    }

    /// <summary>Sleeps until <paramref name="wakeAtMs"/> (Unix ms on the broker's clock) or a wake-up signal.</summary>
    private async Task SleepAsync(LevelWorker worker, int delivered, long wakeAtMs, CancellationToken token)
    {
        var sleepMs = wakeAtMs - NowMs();
        if (sleepMs <= 0)
        {
            Announce(Round(worker, delivered, 0));
            return;
        }

        // The timer exists before the round is announced, so a test that advances the clock after hearing of the
        // round cannot slip in between; and if the clock passed the wake-up time while the timer was being set, the
        // loop goes on at once instead of waiting for a timer that is already late.
        using var timer = new CancellationTokenSource(TimeSpan.FromMilliseconds(sleepMs), _context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timer.Token);
        Announce(Round(worker, delivered, sleepMs));
        if (NowMs() < wakeAtMs)
        {
            await worker.Signal.WaitAsync(linked.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void Announce(ScheduleRound round)
    {
        try
        {
            RoundCompleted?.Invoke(round);
        }
#pragma warning disable CA1031 // A listener's failure must not stop the level's deliveries.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SendLog.RoundListenerFailed(_logger, e);
        }
    }

    private ScheduleRound Round(LevelWorker worker, int delivered, long sleepMs) =>
        new(worker.Level, NowMs(), delivered, worker.Offset, sleepMs, worker.Filter.FirstNotDueMs);

    /// <summary>Delivers what is due; returns how many were delivered and when to look again (Unix ms).</summary>
    private async ValueTask<(int Delivered, long WakeAtMs)> DeliverRoundAsync(LevelWorker worker,
        CancellationToken token)
    {
        var delivered = 0;
        for (var batch = 0; batch < BatchesPerRound; batch++)
        {
            var now = NowMs();
            worker.Filter.Reset(now, worker.DelayMs);
            using var read = await _context.Store.GetMessagesAsync(SystemTopics.Schedule, worker.QueueId,
                worker.Offset, BatchMessages, worker.Filter, token: token).ConfigureAwait(false);
            switch (read.Status)
            {
                case GetMessageStatus.Found:
                    var (count, failed) = await DeliverAsync(worker, read, token).ConfigureAwait(false);
                    delivered += count;
                    if (failed)
                    {
                        return (delivered, NowMs() + RetryMs);
                    }

                    break;
                case GetMessageStatus.NoMatchedMessage:
                    break;
                case GetMessageStatus.OffsetOverflowOne or GetMessageStatus.NoMessageInQueue
                    or GetMessageStatus.NoMatchedLogicQueue:
                    return (delivered, NowMs() + IdleRecheckMs); // Caught up: wait for the next arrival.
                case GetMessageStatus.OffsetTooSmall or GetMessageStatus.OffsetOverflowBadly
                    or GetMessageStatus.MessageWasRemoving:
                    // Retention overtook the level, or its progress points past the queue: continue where the store
                    // says (Java resets to the queue's min or max offset likewise).
                    SendLog.ProgressCorrected(_logger, worker.Level, worker.Offset, read.NextBeginOffset,
                        read.Status.ToString());
                    worker.Offset = read.NextBeginOffset;
                    continue;
                default:
                    SendLog.ReadFailed(_logger, worker.Level, worker.Offset, read.Status.ToString());
                    return (delivered, NowMs() + IdleRecheckMs);
            }

            if (worker.Filter.FirstNotDueMs >= 0)
            {
                return (delivered, worker.Filter.FirstNotDueMs);
            }

            if (read.Status == GetMessageStatus.NoMatchedMessage)
            {
                // Nothing due and nothing pending: should not happen; look again soon.
                return (delivered, NowMs() + RetryMs);
            }
        }

        return (delivered, 0); // More to deliver: go on at once.
    }

    /// <summary>
    /// Re-stores the due messages of <paramref name="read"/> in order: consecutive messages for the same real queue
    /// go as one put (all-or-nothing, consecutive offsets), so a burst costs one log append per queue run. Progress
    /// moves past each stored (or undeliverable) message. Returns how many were stored and whether a put failed
    /// (then the rest waits for the retry).
    /// </summary>
    private async ValueTask<(int Delivered, bool Failed)> DeliverAsync(LevelWorker worker, GetMessageResult read,
        CancellationToken token)
    {
        var slots = read.Slots.Length;
        var messages = new MessageToStore[slots];
        var delivered = 0;
        var i = 0;
        while (i < slots)
        {
            if (DelayedMessage.TryTimeup(read, i, out var skip) is not { } first)
            {
                SendLog.DeliverySkipped(_logger, worker.Level, read.Slots[i].QueueOffset, skip!);
                worker.Offset = read.Slots[i].QueueOffset + 1;
                i++;
                continue;
            }

            if (read.Slots[i].QueueOffset < worker.InDoubtBelow)
            {
                var verdict = await CheckDeliveredAsync(read, i, first, token).ConfigureAwait(false);
                if (verdict == Delivery.AlreadyDelivered)
                {
                    SendLog.AlreadyDelivered(_logger, worker.Level, read.Slots[i].QueueOffset);
                    worker.Offset = read.Slots[i].QueueOffset + 1;
                    i++;
                    continue;
                }

                if (verdict == Delivery.NotDelivered)
                {
                    worker.InDoubtBelow = 0; // The previous leader's deliveries end here.
                }
            }

            messages[0] = first;
            var count = 1;
            while (i + count < slots && read.Slots[i + count].QueueOffset >= worker.InDoubtBelow
                   && DelayedMessage.TryTimeup(read, i + count, out _) is { } next
                   && next.Topic == first.Topic && next.QueueId == first.QueueId)
            {
                messages[count++] = next;
            }

            var result = await _context.Store.PutMessagesAsync(messages.AsMemory(0, count), token)
                .ConfigureAwait(false);
            if (result.IsOk)
            {
                delivered += count;
                i += count;
                worker.Offset = read.Slots[i - 1].QueueOffset + 1;
                continue;
            }

            if (result.Status is PutMessageStatus.MessageIllegal or PutMessageStatus.PropertiesSizeExceeded
                && count == 1)
            {
                // The store will never take it (Java would retry it forever and hold up the level): skip it.
                SendLog.DeliverySkipped(_logger, worker.Level, read.Slots[i].QueueOffset, result.Remark ?? "illegal");
                worker.Offset = read.Slots[i].QueueOffset + 1;
                i++;
                continue;
            }

            if (result.Status is PutMessageStatus.MessageIllegal or PutMessageStatus.PropertiesSizeExceeded)
            {
                // One of the run is illegal: deliver this run one by one to find it.
                var (single, failed) = await DeliverOneByOneAsync(worker, read, i, count, token).ConfigureAwait(false);
                delivered += single;
                if (failed)
                {
                    return (delivered, true);
                }

                i += count;
                continue;
            }

            SendLog.DeliveryFailed(_logger, worker.Level, read.Slots[i].QueueOffset, RetryMs, result.Status,
                result.Remark);
            return (delivered, true);
        }

        return (delivered, false);
    }

    private async ValueTask<(int Delivered, bool Failed)> DeliverOneByOneAsync(LevelWorker worker,
        GetMessageResult read, int from, int count, CancellationToken token)
    {
        var delivered = 0;
        for (var i = from; i < from + count; i++)
        {
            var message = DelayedMessage.TryTimeup(read, i, out _)!.Value;
            var result = await _context.Store.PutMessageAsync(message, token).ConfigureAwait(false);
            if (result.IsOk)
            {
                delivered++;
            }
            else if (result.Status is PutMessageStatus.MessageIllegal or PutMessageStatus.PropertiesSizeExceeded)
            {
                SendLog.DeliverySkipped(_logger, worker.Level, read.Slots[i].QueueOffset, result.Remark ?? "illegal");
            }
            else
            {
                SendLog.DeliveryFailed(_logger, worker.Level, read.Slots[i].QueueOffset, RetryMs, result.Status,
                    result.Remark);
                return (delivered, true);
            }

            worker.Offset = read.Slots[i].QueueOffset + 1;
        }

        return (delivered, false);
    }
}
