using RocketMQ.Jepsen.Report;

namespace RocketMQ.Jepsen.Tests.Report;

/// <summary>The indexed computation against a deliberately plain one, on seeded random histories with coarse times
/// so ties between starts, completions and fault starts are common.</summary>
public class AvailabilityWindowsOracleTests
{
    [Fact]
    public void Matches_a_quadratic_oracle_on_random_histories()
    {
        var random = new Random(20250101);
        for (var run = 0; run < 500; run++)
        {
            var sends = Enumerable.Range(0, random.Next(0, 40))
                .Select(_ => new SendSample(
                    random.Next(0, 50) * 100,
                    random.Next(0, 25) * 100,
                    (SendOutcome)random.Next(0, 3)))
                .ToArray();
            var faults = Enumerable.Range(0, random.Next(0, 5))
                .Select(i =>
                {
                    var start = random.Next(0, 50) * 100;
                    var end = start + (random.Next(0, 10) * 100);
                    return new FaultWindow(start, end, i % 2 == 0 ? "kill" : "pause", "n" + i);
                })
                .ToArray();

            var expected = Oracle(sends, faults, 1000);
            var actual = AvailabilityWindows.Compute(sends, faults).Windows;

            Assert.Equal(expected, actual);
        }
    }

    private static List<AvailabilityWindow> Oracle(SendSample[] sends, FaultWindow[] faults, double thresholdMs)
    {
        var windows = new List<AvailabilityWindow>();
        var ordered = faults.OrderBy(f => f.StartMs).ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            var fault = ordered[i];
            var until = i + 1 < ordered.Length ? ordered[i + 1].StartMs : double.MaxValue;
            var disrupted = sends
                .Where(s => s.StartMs >= fault.StartMs && s.StartMs < until)
                .Where(s => s.Outcome != SendOutcome.Ok || s.LatencyMs > thresholdMs)
                .OrderBy(s => s.StartMs)
                .FirstOrDefault();
            if (disrupted is null)
            {
                windows.Add(new AvailabilityWindow(fault.Fault, fault.Targets, fault.StartMs, null, null, 0, true));
                continue;
            }

            var acks = sends.Where(s => s.Outcome == SendOutcome.Ok && s.StartMs > disrupted.StartMs).ToArray();
            var end = acks.Length > 0 ? acks.Min(s => s.EndMs) : sends.Max(s => s.EndMs);
            var recovered = acks.Length > 0;
            windows.Add(new AvailabilityWindow(
                fault.Fault,
                fault.Targets,
                fault.StartMs,
                disrupted.StartMs,
                recovered ? end : null,
                end - disrupted.StartMs,
                recovered));
        }

        return windows;
    }
}
