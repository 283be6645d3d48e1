using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RocketMQ.DLedger.Commit;

/// <summary>
/// The group committer's instruments, on the meter <see cref="MeterName"/> (read them with
/// <c>dotnet-counters monitor -p PID --counters RocketMQ.DLedger</c> next to DotNext's own meters): how many records
/// each entry carries, and where a record's time goes between its append call and its entry being applied.
/// Recording costs a check of <c>Enabled</c> when nobody listens.
/// </summary>
internal static class CommitMetrics
{
    public const string MeterName = "RocketMQ.DLedger";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Records per replicated entry.</summary>
    public static readonly Histogram<int> EntryRecords = Meter.CreateHistogram<int>(
        "entry-records", "records", "Records per replicated entry");

    /// <summary>From an entry's first record to its hand-over to Raft (waiting for a free in-flight slot).</summary>
    public static readonly Histogram<double> QueueTime = Meter.CreateHistogram<double>(
        "entry-queue-time", "ms", "From an entry's first record to its hand-over to Raft");

    /// <summary>From hand-over to Raft until the leader's applier completes the entry's records.</summary>
    public static readonly Histogram<double> CommitTime = Meter.CreateHistogram<double>(
        "entry-commit-time", "ms", "From hand-over to Raft to the entry's records completing");

    /// <summary>From hand-over until DotNext's replicate call returns and the in-flight slot is free again.</summary>
    public static readonly Histogram<double> SlotTime = Meter.CreateHistogram<double>(
        "entry-slot-time", "ms", "How long an entry holds its in-flight slot");

    public static double MillisecondsSince(long timestamp) =>
        Stopwatch.GetElapsedTime(timestamp).TotalMilliseconds;
}
