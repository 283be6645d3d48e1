namespace RocketMQ.Jepsen.Report;

/// <summary>Unavailability per fault, measured from the clients' side: from the first send the fault disrupted to
/// the first acknowledgement of a send started after that.</summary>
/// <remarks>
/// A send is <em>disrupted</em> when it ended <see cref="SendOutcome.Fail"/> or <see cref="SendOutcome.Info"/>, or
/// when its latency exceeded the stall threshold (an ack that took 5 s was 5 s of unavailability for its client).
/// The first disrupted send attributed to a fault is the earliest-starting one whose start is at or after the fault's
/// start and before the next fault's start: a partition's heal may cost an election after the fault's end line, and
/// that outage still belongs to the partition, while anything after the next fault begins is that fault's. Sends in
/// flight when a fault starts do not open its window; the next send does, so the window is short by at most the
/// gap between sends. Recovery is the <em>earliest completion</em> among acknowledged sends that started strictly
/// after the disrupted send: with several producers, one quick ack is when service came back.
/// </remarks>
public static class AvailabilityWindows
{
    /// <summary>The default stall threshold: a send slower than this counts as disrupted.</summary>
    public const double DefaultStallThresholdMs = 1000;

    /// <summary>Windows for every fault and percentiles per fault kind. Neither list is modified; either may be in
    /// any order.</summary>
    /// <param name="sends">Every send of the run.</param>
    /// <param name="faults">Every fault of the run.</param>
    /// <param name="stallThresholdMs">Latency (&gt; 0) above which an acknowledged send counts as disrupted.</param>
    public static AvailabilityReport Compute(
        IReadOnlyList<SendSample> sends,
        IReadOnlyList<FaultWindow> faults,
        double stallThresholdMs = DefaultStallThresholdMs)
    {
        ArgumentNullException.ThrowIfNull(sends);
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stallThresholdMs);

        var byStart = sends.OrderBy(s => s.StartMs).ToArray();
        var starts = Array.ConvertAll(byStart, s => s.StartMs);
        var lastEndMs = byStart.Length == 0 ? 0 : byStart.Max(s => s.EndMs);
        var ordered = faults.OrderBy(f => f.StartMs).ToArray();
        var windows = new AvailabilityWindow[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            var untilMs = i + 1 < ordered.Length ? ordered[i + 1].StartMs : double.PositiveInfinity;
            windows[i] = Measure(ordered[i], untilMs, byStart, starts, lastEndMs, stallThresholdMs);
        }

        return new AvailabilityReport(windows, Summarize(windows));
    }

    private static AvailabilityWindow Measure(
        FaultWindow fault,
        double untilMs,
        SendSample[] byStart,
        double[] starts,
        double lastEndMs,
        double stallThresholdMs)
    {
        var first = FirstAtOrAfter(starts, fault.StartMs);
        var disrupted = -1;
        for (var i = first; i < byStart.Length && byStart[i].StartMs < untilMs; i++)
        {
            if (IsDisrupted(byStart[i], stallThresholdMs))
            {
                disrupted = i;
                break;
            }
        }

        if (disrupted < 0)
        {
            return new AvailabilityWindow(fault.Fault, fault.Targets, fault.StartMs, null, null, 0, Recovered: true);
        }

        var openedMs = byStart[disrupted].StartMs;
        var recoveredMs = EarliestAckStartedAfter(byStart, disrupted, openedMs);
        return recoveredMs is { } end
            ? new AvailabilityWindow(fault.Fault, fault.Targets, fault.StartMs, openedMs, end, end - openedMs, true)
            : new AvailabilityWindow(
                fault.Fault, fault.Targets, fault.StartMs, openedMs, null, Math.Max(0, lastEndMs - openedMs), false);
    }

    private static bool IsDisrupted(SendSample send, double stallThresholdMs) =>
        send.Outcome != SendOutcome.Ok || send.LatencyMs > stallThresholdMs;

    private static double? EarliestAckStartedAfter(SendSample[] byStart, int from, double openedMs)
    {
        var best = double.PositiveInfinity;
        // Sends are in start order and every completion is at or after its start, so once a start passes the best
        // completion found, no later send can complete earlier.
        for (var i = from + 1; i < byStart.Length && byStart[i].StartMs < best; i++)
        {
            var send = byStart[i];
            if (send.Outcome == SendOutcome.Ok && send.StartMs > openedMs && send.EndMs < best)
            {
                best = send.EndMs;
            }
        }

        return double.IsPositiveInfinity(best) ? null : best;
    }

    private static int FirstAtOrAfter(double[] starts, double timeMs)
    {
        // Lower bound: Array.BinarySearch returns any of equal keys, and the first one is wanted.
        int lo = 0, hi = starts.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (starts[mid] < timeMs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static FaultKindAvailability[] Summarize(AvailabilityWindow[] windows) =>
        windows
            .GroupBy(w => w.Fault, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var sorted = g.Select(w => w.WindowMs).Order().ToArray();
                return new FaultKindAvailability(
                    g.Key, sorted.Length, Percentile.OfSorted(sorted, 50), Percentile.OfSorted(sorted, 99), sorted[^1]);
            })
            .ToArray();
}
