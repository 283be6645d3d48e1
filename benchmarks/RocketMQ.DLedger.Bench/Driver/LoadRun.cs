using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using RocketMQ.DLedger.Bench.Protocol;

namespace RocketMQ.DLedger.Bench.Driver;

/// <summary>
/// The <c>load</c> driver: <c>concurrency</c> workers append to the leader, closed loop (back to back) or open loop
/// (record k is due at start + k / rate and its latency counts from then, so queueing behind a slow append is
/// measured rather than hidden). Prints per-second progress to standard error and, last on standard output,
/// <c>appends_per_s=… p50_ms=… p99_ms=… p999_ms=…</c>.
/// </summary>
public sealed class LoadRun(LoadSettings settings)
{
    private long _nextId;
    private long _acked;

    public async Task<int> RunAsync(CancellationToken stop)
    {
        settings.Validate();
        await using var client = new BenchClient(settings.AppendTimeout);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var leaders = new LeaderTracker(client, settings.Targets, lifetime.Token);
        var appender = new Appender(client, leaders);
        var leader = await leaders.GetLeaderAsync(stop).WaitAsync(TimeSpan.FromSeconds(60), stop);
        Console.Error.WriteLine($"leader {leader}; {Mode} with {settings.Concurrency} workers, " +
                                $"{settings.PayloadBytes} B payloads, {settings.Warmup} warmup, {settings.Duration}");

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + ToTicks(settings.Warmup);
        var end = measureFrom + ToTicks(settings.Duration);
        lifetime.CancelAfter(settings.Warmup + settings.Duration + settings.AppendTimeout + TimeSpan.FromSeconds(5));
        var workers = Enumerable.Range(0, settings.Concurrency)
            .Select(_ => Task.Run(() => WorkAsync(appender, start, measureFrom, end, lifetime.Token))).ToArray();
        var progress = ReportProgressAsync(measureFrom, end, lifetime.Token);
        var histograms = await Task.WhenAll(workers);
        await lifetime.CancelAsync();
        await progress.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var total = new LatencyHistogram();
        Array.ForEach(histograms, total.Add);
        var seconds = Math.Min(Stopwatch.GetElapsedTime(measureFrom).TotalSeconds, settings.Duration.TotalSeconds);
        Console.WriteLine(FormattableString.Invariant($"appends={total.Count} seconds={seconds:F1} {appender}"));
        Console.WriteLine(FormattableString.Invariant(
            $"appends_per_s={(seconds > 0 ? total.Count / seconds : 0):F0} p50_ms={Ms(total, 0.5)} ") +
            FormattableString.Invariant($"p99_ms={Ms(total, 0.99)} p999_ms={Ms(total, 0.999)}"));
        return stop.IsCancellationRequested ? 130 : 0;
    }

    private string Mode => settings.RatePerSecond is { } rate
        ? string.Create(CultureInfo.InvariantCulture, $"open loop at {rate:F0}/s")
        : "closed loop";

    private async Task<LatencyHistogram> WorkAsync(Appender appender, long start, long measureFrom, long end,
        CancellationToken token)
    {
        var histogram = new LatencyHistogram();
        var payload = new byte[settings.PayloadBytes];
        var ticksPerRecord = settings.RatePerSecond is { } rate ? Stopwatch.Frequency / rate : 0;
        while (!token.IsCancellationRequested)
        {
            var id = Interlocked.Increment(ref _nextId);
            var due = ticksPerRecord > 0 ? start + (long)(id * ticksPerRecord) : Stopwatch.GetTimestamp();
            if (due >= end)
            {
                break;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            BinaryPrimitives.WriteInt64LittleEndian(payload, id);
            var ack = await appender.AppendAsync(payload, token).ConfigureAwait(false);
            var done = Stopwatch.GetTimestamp();
            if (ack is null)
            {
                break;
            }

            Interlocked.Increment(ref _acked);
            if (done >= measureFrom && done < end)
            {
                histogram.RecordMicros((long)Stopwatch.GetElapsedTime(due, done).TotalMicroseconds);
            }
        }

        return histogram;
    }

    private async Task ReportProgressAsync(long measureFrom, long end, CancellationToken token)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var last = 0L;
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false) && Stopwatch.GetTimestamp() < end)
        {
            var now = Interlocked.Read(ref _acked);
            var phase = Stopwatch.GetTimestamp() < measureFrom ? "warmup" : "measuring";
            Console.Error.WriteLine(FormattableString.Invariant($"{phase}: {now - last} appends/s"));
            last = now;
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static string Ms(LatencyHistogram histogram, double quantile) =>
        (histogram.ValueAtQuantileMicros(quantile) / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
}
