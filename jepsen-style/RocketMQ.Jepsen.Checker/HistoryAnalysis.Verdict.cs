namespace RocketMQ.Jepsen.Checker;

/// <summary>The decisions that need the whole history: a value is lost only if nothing read it anywhere, and a
/// gap skipped data only if some later read or ack put a value inside it.</summary>
internal sealed partial class HistoryAnalysis
{
    private readonly CountsBuilder _total = new();
    private readonly SortedDictionary<int, CountsBuilder> _perQueue = [];

    public CheckResult Finish()
    {
        foreach (var queue in _queues)
        {
            _ = For(queue);
        }

        FinishSends();
        FinishValues();
        FinishGaps();
        var queues = _perQueue.Select(pair => new QueueCounts(pair.Key, pair.Value.ToCounts())).ToList();
        return new CheckResult(_anomalies.Total == 0, _total.ToCounts(), queues, _anomalies.Totals(),
            _anomalies.Kept(), _anomalies.Cap);
    }

    private void FinishSends()
    {
        foreach (var (value, send) in _sends)
        {
            var queue = For(send.Queue);
            Tally(queue, static counts => counts.Attempted++);
            var read = _values.TryGetValue(value, out var entry) && entry.Read;
            switch (send.Status)
            {
                case SendStatus.Ok when read:
                    Tally(queue, static counts => counts.Acknowledged++);
                    break;
                case SendStatus.Ok:
                    Tally(queue, static counts => counts.Acknowledged++);
                    FinishUnread(value, send, queue);
                    break;
                case SendStatus.Fail:
                    Tally(queue, static counts => counts.Failed++);
                    if (read)
                    {
                        Tally(queue, static counts => counts.FailedButRead++);
                        _anomalies.Add(new FailedButRead(send.Queue, value, send.Process, send.InvokeTimeMs,
                            send.CompleteTimeMs, _failErrors.GetValueOrDefault(value), entry.FirstRead.With(value)));
                    }

                    break;
                default:
                    // info, or no completion before the history ended: it may or may not have happened, and a
                    // read shows it did (Jepsen counts these as recovered, not as an error).
                    Tally(queue, static counts => counts.Indeterminate++);
                    if (read)
                    {
                        Tally(queue, static counts => counts.Recovered++);
                    }

                    break;
            }
        }
    }

    // Acknowledged and never read: lost when a read of its queue passed its offset, or the drain read the whole
    // queue (then no offset can hide it, whatever the ack said); otherwise only unseen.
    private void FinishUnread(long value, in SendRecord send, CountsBuilder queue)
    {
        var drained = _drainEnd.TryGetValue(send.Queue, out var end);
        var hasHighest = _highestRead.TryGetValue(send.Queue, out var highest);
        if (drained || (send.AckOffset >= 0 && hasHighest && highest > send.AckOffset))
        {
            Tally(queue, static counts => counts.Lost++);
            _anomalies.Add(new LostWrite(send.Queue, value, send.AckOffset, send.Process, send.InvokeTimeMs,
                send.CompleteTimeMs, hasHighest ? highest : null, drained ? end : null));
        }
        else
        {
            Tally(queue, static counts => counts.Unseen++);
        }
    }

    private void FinishValues()
    {
        foreach (var (value, entry) in _values)
        {
            if (!entry.Read)
            {
                continue;
            }

            var queue = For(entry.FirstRead.Queue);
            Tally(queue, static counts => counts.Read++);
            if (!_sends.ContainsKey(value))
            {
                Tally(queue, static counts => counts.Unexpected++);
                _anomalies.Add(new UnexpectedValue(value, entry.FirstRead.With(value)));
            }
        }

        foreach (var value in _duplicated)
        {
            Tally(For(_values[value].First.Queue), static counts => counts.Duplicated++);
        }
    }

    // A gap is a skip when some offset inside it is known to hold a value; one sorted offset array per queue makes
    // each gap a pair of binary searches instead of a scan.
    private void FinishGaps()
    {
        if (_gaps.Count == 0)
        {
            return;
        }

        var offsets = _positions.Keys.GroupBy(position => position.Queue)
            .ToDictionary(group => group.Key, group => group.Select(position => position.Offset).Order().ToArray());
        foreach (var gap in _gaps)
        {
            if (!offsets.TryGetValue(gap.Queue, out var known))
            {
                continue;
            }

            var first = LowerBound(known, gap.From);
            var count = LowerBound(known, gap.Next.Offset) - first;
            if (count > 0)
            {
                var skipped = _positions[new QueueOffset(gap.Queue, known[first])];
                _anomalies.Add(new PollSkip(gap.Queue, gap.Process, gap.TimeMs, gap.From, gap.Next.Offset,
                    gap.Next.Value, skipped.First.With(skipped.Value), count));
            }
        }
    }

    private static int LowerBound(long[] sorted, long offset)
    {
        var index = Array.BinarySearch(sorted, offset);
        return index >= 0 ? index : ~index;
    }

    private CountsBuilder For(int queue)
    {
        if (!_perQueue.TryGetValue(queue, out var counts))
        {
            counts = new CountsBuilder();
            _perQueue.Add(queue, counts);
        }

        return counts;
    }

    // Every tally goes to its queue and to the run's total.
    private void Tally(CountsBuilder queue, Action<CountsBuilder> increment)
    {
        increment(queue);
        increment(_total);
    }
}
