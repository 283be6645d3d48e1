using System.Runtime.InteropServices;

namespace RocketMQ.Jepsen.Checker;

/// <summary>What reads and acknowledged offsets say: which value sits at each position, where each value sits, and
/// how each consumer moved through each queue.</summary>
internal sealed partial class HistoryAnalysis
{
    // The first value seen at each position, and the first position (and first read) of each value. Later sightings
    // are compared with these and dropped, so memory is one entry per position and one per value.
    private readonly Dictionary<QueueOffset, PositionEntry> _positions = [];
    private readonly Dictionary<long, ValueEntry> _values = [];

    // Conflicts already reported, so a value re-read by every later poll is reported once.
    private readonly HashSet<(QueueOffset Position, long Value)> _reportedConflicts = [];
    private readonly HashSet<(QueueOffset Position, long Value)> _reportedDuplicates = [];
    private readonly HashSet<long> _duplicated = [];

    private readonly Dictionary<int, long> _highestRead = [];
    private readonly Dictionary<(int Process, int Queue), (long Offset, long Value)> _lastRead = [];

    // Places where a consumer moved forward by more than one offset; Finish keeps those that jumped over data.
    private readonly List<Gap> _gaps = [];

    private void EndPoll(in Operation completion, Operation? invoke)
    {
        if ((completion.Queue ?? invoke?.Queue) is not { } queue || completion.Reads is not { Count: > 0 } reads)
        {
            return;
        }

        var process = completion.Process;
        var time = completion.TimeMs;
        var requested = invoke?.Offset;
        var key = (process, queue);
        var hasLast = _lastRead.TryGetValue(key, out var last);
        var previous = reads[0];
        for (var i = 0; i < reads.Count; i++)
        {
            var read = reads[i];
            Observe(read.Value, new Seen(queue, read.Offset, process, time, SightingSource.Read));
            if (i == 0)
            {
                // A poll asking at or below the last offset it read is a seek back, which may re-read; one asking
                // for nothing or further continues, so it must not go back (Jepsen's nonmonotonic-poll).
                var seekBack = hasLast && requested <= last.Offset;
                if (hasLast && !seekBack && read.Offset <= last.Offset)
                {
                    _anomalies.Add(new NonmonotonicPoll(queue, process, time, last.Offset, last.Value, read.Offset,
                        read.Value, AcrossPolls: true));
                }

                if (requested is { } from && read.Offset > from)
                {
                    _gaps.Add(new Gap(queue, process, time, from, read));
                }
            }
            else if (read.Offset <= previous.Offset)
            {
                _anomalies.Add(new NonmonotonicPoll(queue, process, time, previous.Offset, previous.Value,
                    read.Offset, read.Value, AcrossPolls: false));
            }
            else if (read.Offset > previous.Offset + 1)
            {
                _gaps.Add(new Gap(queue, process, time, previous.Offset + 1, read));
            }

            previous = read;
        }

        _lastRead[key] = (previous.Offset, previous.Value);
    }

    /// <summary>Records that <paramref name="value"/> sits at <paramref name="seen"/>'s position and reports a
    /// second value at that position (inconsistent-offsets) or a second position of that value (duplicate).</summary>
    private void Observe(long value, Seen seen)
    {
        var position = new QueueOffset(seen.Queue, seen.Offset);
        ref var at = ref CollectionsMarshal.GetValueRefOrAddDefault(_positions, position, out var known);
        if (!known)
        {
            at = new PositionEntry(value, seen);
        }
        else if (at.Value != value && _reportedConflicts.Add((position, value)))
        {
            _anomalies.Add(new InconsistentOffset(seen.Queue, seen.Offset, at.First.With(at.Value), seen.With(value)));
        }

        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, value, out var seenBefore);
        if (!seenBefore)
        {
            entry.First = seen;
        }
        else if ((entry.First.Queue != seen.Queue || entry.First.Offset != seen.Offset)
                 && _reportedDuplicates.Add((position, value)))
        {
            _duplicated.Add(value);
            _anomalies.Add(new DuplicateValue(value, entry.First.With(value), seen.With(value)));
        }

        if (seen.Source == SightingSource.Read)
        {
            if (!entry.Read)
            {
                entry.Read = true;
                entry.FirstRead = seen;
            }

            _highestRead[seen.Queue] = Math.Max(_highestRead.GetValueOrDefault(seen.Queue, -1), seen.Offset);
        }
    }

    private readonly record struct QueueOffset(int Queue, long Offset);

    private readonly record struct PositionEntry(long Value, Seen First);

    private struct ValueEntry
    {
        public Seen First;
        public Seen FirstRead;
        public bool Read;
    }

    /// <summary>Process read <see cref="Next"/> when it expected <see cref="From"/> (&lt; Next.Offset).</summary>
    private readonly record struct Gap(int Queue, int Process, double TimeMs, long From, ReadEntry Next);
}
