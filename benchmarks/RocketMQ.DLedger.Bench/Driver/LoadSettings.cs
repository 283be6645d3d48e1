namespace RocketMQ.DLedger.Bench.Driver;

/// <summary>What the <c>load</c> subcommand was given.</summary>
/// <param name="Targets">Every member's client address (<c>127.0.0.1:port</c>).</param>
/// <param name="Concurrency">Appends in flight at most (one per worker).</param>
/// <param name="PayloadBytes">Record size: an 8-byte id, then filler (at least 8).</param>
/// <param name="Duration">How long appends are measured.</param>
/// <param name="Warmup">How long appends run before measuring starts (not counted).</param>
/// <param name="RatePerSecond">Open-loop target rate; null = closed loop (each worker appends back to back).</param>
/// <param name="AppendTimeout">How long one APPEND may take before it is retried.</param>
public sealed record LoadSettings(IReadOnlyList<string> Targets, int Concurrency, int PayloadBytes, TimeSpan Duration,
    TimeSpan Warmup, double? RatePerSecond, TimeSpan AppendTimeout)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        Require(Targets.Count > 0, "--targets must list at least one host:port");
        Require(Concurrency is >= 1 and <= 100_000, "--concurrency must be 1..100000");
        Require(PayloadBytes is >= sizeof(long) and <= 4 * 1024 * 1024, "--payload must be 8 B..4 MiB");
        Require(Duration > TimeSpan.Zero, "--duration must be positive");
        Require(Warmup >= TimeSpan.Zero, "--warmup must not be negative");
        Require(RatePerSecond is null or > 0, "--rate must be positive");
        Require(AppendTimeout > TimeSpan.Zero, "--append-timeout must be positive");
    }

    internal static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
