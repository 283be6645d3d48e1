namespace RocketMQ.DLedger.Bench.Driver;

/// <summary>What the <c>failover</c> subcommand was given.</summary>
/// <param name="Targets">Every member's client address (<c>127.0.0.1:port</c>).</param>
/// <param name="Concurrency">Appenders running throughout (closed loop).</param>
/// <param name="PayloadBytes">Record size: an 8-byte id, then filler (at least 8).</param>
/// <param name="Kills">How many times the current leader is killed.</param>
/// <param name="PidDirectory">Where each node writes <c>&lt;id&gt;.pid</c> (its <c>--pid-file</c>); whoever started
/// the nodes restarts a killed one (the scripts' supervisor loop), this driver only waits for it.</param>
/// <param name="Settle">Steady load between recovery and the next kill.</param>
/// <param name="RestartTimeout">How long a killed node may take to come back and catch up.</param>
/// <param name="AppendTimeout">How long one APPEND may take before it is retried.</param>
public sealed record FailoverSettings(IReadOnlyList<string> Targets, int Concurrency, int PayloadBytes, int Kills,
    string PidDirectory, TimeSpan Settle, TimeSpan RestartTimeout, TimeSpan AppendTimeout)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        LoadSettings.Require(Targets.Count >= 3,
            "--targets must list at least three members (a kill must leave a quorum)");
        LoadSettings.Require(Concurrency is >= 1 and <= 100_000, "--concurrency must be 1..100000");
        LoadSettings.Require(PayloadBytes is >= sizeof(long) and <= 4 * 1024 * 1024, "--payload must be 8 B..4 MiB");
        LoadSettings.Require(Kills >= 0, "--kills must not be negative");
        LoadSettings.Require(Directory.Exists(PidDirectory), $"--node-pids {PidDirectory} is not a directory");
        LoadSettings.Require(Settle >= TimeSpan.Zero, "--settle must not be negative");
        LoadSettings.Require(RestartTimeout > TimeSpan.Zero, "--restart-timeout must be positive");
        LoadSettings.Require(AppendTimeout > TimeSpan.Zero, "--append-timeout must be positive");
    }
}
