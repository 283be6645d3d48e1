using RocketMQ.Jepsen.Report;

namespace RocketMQ.Jepsen.Tests.Report;

/// <summary>A seeded, made-up run that looks like a real one: four producers sending back to back, a leader kill
/// that times sends out until a new leader is elected, and a partition that fails sends fast (NOT_LEADER) and then
/// stalls a few around its heal.</summary>
internal static class SyntheticRun
{
    public const double DurationMs = 60_000;
    private const int Producers = 4;
    private const double ClientTimeoutMs = 2000;

    public static readonly FaultWindow[] Faults =
    [
        new(15_000, 24_000, "kill", "n1 (leader)"),
        new(36_000, 46_000, "partition", "n0 | n1,n2"),
    ];

    public static TimelineInput Input(int seed = 7) =>
        new("synthetic run 20250101-120000-kill-partition-s7", Sends(seed), Faults, DurationMs);

    public static List<SendSample> Sends(int seed)
    {
        var random = new Random(seed);
        var sends = new List<SendSample>();
        for (var producer = 0; producer < Producers; producer++)
        {
            var t = random.NextDouble() * 5;
            while (t < DurationMs)
            {
                var send = Next(t, random);
                sends.Add(send);
                // A failed send backs off before the retry, as the RocketMQ client's retry does.
                t = send.EndMs + (send.Outcome == SendOutcome.Fail ? 150 : 0.5 + (random.NextDouble() * 3));
            }
        }

        return sends;
    }

    private static SendSample Next(double t, Random random)
    {
        // Healthy: a few milliseconds, log-normal-ish with a tail.
        var latency = 1.5 + (Math.Exp(random.NextDouble() * 2.2) * (random.NextDouble() < 0.01 ? 6 : 1));
        if (t >= 15_000 && t < 20_500)
        {
            // The killed leader: sends to it hang until the client's timeout.
            return new SendSample(t, ClientTimeoutMs, SendOutcome.Info);
        }

        if (t >= 20_500 && t < 21_500)
        {
            // The new leader's first seconds: catching up, slower.
            return new SendSample(t, latency * 8, SendOutcome.Ok);
        }

        if (t >= 36_000 && t < 38_600)
        {
            return new SendSample(t, 2 + (random.NextDouble() * 10), SendOutcome.Fail);
        }

        if (t >= 46_000 && t < 46_900)
        {
            // The heal costs an election: a few acks stall past a second.
            return new SendSample(t, 900 + (random.NextDouble() * 600), SendOutcome.Ok);
        }

        return new SendSample(t, latency, SendOutcome.Ok);
    }
}
