using System.Diagnostics;
using System.Globalization;
using RocketMQ.Common.Protocol;
using RocketMQ.DLedger.Bench.Driver;

namespace RocketMQ.Broker.Bench;

/// <summary>The run's settings.</summary>
/// <param name="NameServer">Where to find the group's master.</param>
/// <param name="Concurrency">Sends in flight in the saturation phase.</param>
/// <param name="BodyBytes">Body size.</param>
/// <param name="Duration">Length of each measured phase.</param>
/// <param name="Queues">Queues of the bench topic.</param>
public sealed record BrokerBenchSettings(string NameServer, int Concurrency, int BodyBytes, TimeSpan Duration,
    int Queues);

/// <summary>
/// Three phases against a running group: saturation (closed loop, <c>Concurrency</c> senders) gives the send rate;
/// half that rate in an open loop gives latency at half load (measured from each send's scheduled start, so a
/// stall counts against every send it delays); then every queue is pulled back, over and over for the same
/// duration. Last line:
/// <c>send_msgs_per_s=… send_p99_ms=… pull_msgs_per_s=…</c>.
/// </summary>
public sealed class BrokerBenchRun(BrokerBenchSettings settings)
{
    private const string Topic = "BrokerBenchTopic";
    private readonly byte[] _body = new byte[settings.BodyBytes];
    private long _sequence;

    public async Task<int> RunAsync(CancellationToken token)
    {
        await using var client = new BrokerClient(TimeSpan.FromSeconds(10));
        var master = await client.FindMasterAsync(settings.NameServer, "TBW102")
            ?? throw new InvalidOperationException("no master registered for TBW102");
        var created = await client.CreateTopicAsync(master, Topic, settings.Queues);
        if (created != ResponseCode.Success)
        {
            throw new InvalidOperationException($"creating {Topic} on {master} failed with code {created}");
        }

        await SaturateAsync(client, master, TimeSpan.FromSeconds(3), token); // warm-up, not counted
        var (rate, saturated) = await SaturateAsync(client, master, settings.Duration, token);
        var halfLoad = await OpenLoopAsync(client, master, rate / 2, settings.Duration, token);
        var pullRate = await PullAllAsync(client, master, token);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"saturated: send_msgs_per_s={rate:F0} p50_ms={Ms(saturated, 0.5)} p99_ms={Ms(saturated, 0.99)} "
            + $"p999_ms={Ms(saturated, 0.999)} (concurrency {settings.Concurrency})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"half load ({rate / 2:F0}/s open loop): p50_ms={Ms(halfLoad, 0.5)} p99_ms={Ms(halfLoad, 0.99)} "
            + $"p999_ms={Ms(halfLoad, 0.999)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"send_msgs_per_s={rate:F0} send_p99_ms={Ms(halfLoad, 0.99)} pull_msgs_per_s={pullRate:F0}"));
        return 0;
    }

    private async Task<(double Rate, LatencyHistogram Latency)> SaturateAsync(BrokerClient client, string master,
        TimeSpan duration, CancellationToken token)
    {
        var histograms = new LatencyHistogram[settings.Concurrency];
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sent = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(worker => Task.Run(async () =>
        {
            var histogram = histograms[worker] = new LatencyHistogram();
            while (Stopwatch.GetTimestamp() < end && !token.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await SendOneAsync(client, master);
                histogram.RecordMicros((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                Interlocked.Increment(ref sent);
            }
        }, token)));
        return (sent / clock.Elapsed.TotalSeconds, Merge(histograms));
    }

    private async Task<LatencyHistogram> OpenLoopAsync(BrokerClient client, string master, double rate,
        TimeSpan duration, CancellationToken token)
    {
        var latency = new LatencyHistogram();
        var pending = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        var total = (long)(rate * duration.TotalSeconds);
        for (var i = 0L; i < total && !token.IsCancellationRequested; i++)
        {
            var scheduled = start + (long)(i / rate * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, token);
            }

            pending.Add(Task.Run(async () =>
            {
                await SendOneAsync(client, master);
                var micros = (long)Stopwatch.GetElapsedTime(scheduled).TotalMicroseconds;
                lock (latency)
                {
                    latency.RecordMicros(micros);
                }
            }, token));
        }

        await Task.WhenAll(pending);
        return latency;
    }

    /// <summary>
    /// Pulls every queue from its first message, 32 per pull, one pull in flight per queue (as a push consumer
    /// catching up), for the phase's duration: a queue that reaches its end starts over, so the rate is sustained
    /// reading rather than one pass of under a second.
    /// </summary>
    private async Task<double> PullAllAsync(BrokerClient client, string master, CancellationToken token)
    {
        var pulled = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Queues).Select(queue => Task.Run(async () =>
        {
            var offset = 0L;
            while (!token.IsCancellationRequested && clock.Elapsed < settings.Duration)
            {
                var (code, messages, next) = await client.PullAsync(master, Topic, queue, offset, 32);
                if (code != ResponseCode.Success || messages == 0)
                {
                    if (offset == 0)
                    {
                        break; // an empty queue
                    }

                    offset = 0;
                    continue;
                }

                Interlocked.Add(ref pulled, messages);
                offset = next;
            }
        }, token)));
        return pulled / clock.Elapsed.TotalSeconds;
    }

    private async Task SendOneAsync(BrokerClient client, string master)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var properties = string.Create(CultureInfo.InvariantCulture,
            $"UNIQ_KEY\u0001{sequence:X32}\u0002KEYS\u0001k{sequence}\u0002TAGS\u0001TagA\u0002");
        var code = await client.SendAsync(master, Topic, (int)(sequence % settings.Queues), properties, _body);
        if (code != ResponseCode.Success)
        {
            throw new InvalidOperationException($"send failed with code {code}");
        }
    }

    private static LatencyHistogram Merge(IEnumerable<LatencyHistogram> histograms)
    {
        var merged = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            merged.Add(histogram);
        }

        return merged;
    }

    private static string Ms(LatencyHistogram histogram, double quantile) =>
        (histogram.ValueAtQuantileMicros(quantile) / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
}
