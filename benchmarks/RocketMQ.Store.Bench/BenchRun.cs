using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using RocketMQ.DLedger.Bench.Driver;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;

namespace RocketMQ.Store.Bench;

/// <summary>The benchmark's settings.</summary>
/// <param name="Directory">Work directory (a fresh temporary one when null).</param>
/// <param name="Messages">Messages put, then read back.</param>
/// <param name="Concurrency">Puts in flight at once.</param>
/// <param name="BodyBytes">Body size.</param>
/// <param name="Queues">Queues the messages spread over (one reader per queue).</param>
/// <param name="Batch">Messages per put (1 = single sends; more = SEND_BATCH_MESSAGE-like).</param>
public sealed record BenchSettings(string? Directory, int Messages, int Concurrency, int BodyBytes, int Queues,
    int Batch);

/// <summary>
/// Puts <c>Messages</c> 1 KiB messages through <see cref="MessageStore.PutMessagesAsync"/> on a single-node group
/// (with UNIQ_KEY, KEYS and TAGS, so the Index is built as a broker builds it), then reads every queue back with
/// <see cref="MessageStore.GetMessagesAsync"/>, and prints throughput, put latency percentiles and allocation per
/// message; the last line is <c>put_msgs_per_s=… get_msgs_per_s=… alloc_bytes_per_msg=…</c> (allocation on the get
/// path, measured in-process over the whole read phase).
/// </summary>
public sealed class BenchRun(BenchSettings settings, ILoggerFactory loggerFactory)
{
    private const string Topic = "BenchTopic";

    public async Task<int> RunAsync(CancellationToken token)
    {
        var directory = settings.Directory ?? Path.Combine(Path.GetTempPath(), "store-bench-" + Guid.NewGuid());
        try
        {
            await using var host = await SingleNodeStore.StartAsync(directory, 0, loggerFactory, token: token);
            var (putRate, latency, putAlloc) = await PutAllAsync(host.Store, token);
            var (getRate, read, getAlloc) = await GetAllAsync(host.Store, token);
            if (read != settings.Messages)
            {
                Console.Error.WriteLine($"read {read} messages back, expected {settings.Messages}");
                return 1;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"put_p50_ms={Ms(latency, 0.5)} put_p99_ms={Ms(latency, 0.99)} put_p999_ms={Ms(latency, 0.999)} "
                + $"put_alloc_bytes_per_msg={putAlloc:F0} batch={settings.Batch} concurrency={settings.Concurrency}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"put_msgs_per_s={putRate:F0} get_msgs_per_s={getRate:F0} alloc_bytes_per_msg={getAlloc:F1}"));
            return 0;
        }
        finally
        {
            if (settings.Directory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private async Task<(double Rate, LatencyHistogram Latency, double AllocPerMessage)> PutAllAsync(
        MessageStore store, CancellationToken token)
    {
        var body = new byte[settings.BodyBytes];
        Random.Shared.NextBytes(body);
        var sends = settings.Messages / settings.Batch;
        var next = -1;
        var histograms = new LatencyHistogram[settings.Concurrency];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, settings.Concurrency).Select(worker => Task.Run(async () =>
        {
            var histogram = histograms[worker] = new LatencyHistogram();
            var batch = new MessageToStore[settings.Batch];
            for (var send = Interlocked.Increment(ref next); send < sends; send = Interlocked.Increment(ref next))
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = Message(body, (send * settings.Batch) + i, send % settings.Queues);
                }

                var started = Stopwatch.GetTimestamp();
                var result = await store.PutMessagesAsync(batch, token);
                histogram.RecordMicros((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                if (result.Status != PutMessageStatus.PutOk)
                {
                    throw new InvalidOperationException($"put failed: {result.Status} {result.Remark}");
                }
            }
        }, token)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var latency = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            latency.Add(histogram);
        }

        return (sends * settings.Batch / elapsed, latency, (double)allocated / (sends * settings.Batch));
    }

    private async Task<(double Rate, long Read, double AllocPerMessage)> GetAllAsync(MessageStore store,
        CancellationToken token)
    {
        var read = 0L;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var readers = Enumerable.Range(0, settings.Queues).Select(queue => Task.Run(async () =>
        {
            var offset = 0L;
            var count = 0L;
            while (true)
            {
                using var result = await store.GetMessagesAsync(Topic, queue, offset, 32, token: token);
                if (result.Status != GetMessageStatus.Found)
                {
                    break;
                }

                count += result.MessageCount;
                offset = result.NextBeginOffset;
            }

            Interlocked.Add(ref read, count);
        }, token)).ToArray();
        await Task.WhenAll(readers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return (read / elapsed, read, (double)allocated / Math.Max(1, read));
    }

    private static MessageToStore Message(byte[] body, int sequence, int queue) => new()
    {
        Topic = Topic,
        QueueId = queue,
        BornTimestamp = 1_700_000_000_000 + sequence,
        Properties = string.Create(CultureInfo.InvariantCulture,
            $"UNIQ_KEY\u0001{sequence:X32}\u0002KEYS\u0001order-{sequence}\u0002TAGS\u0001TagA\u0002"),
        Body = body,
    };

    private static string Ms(LatencyHistogram histogram, double quantile) =>
        (histogram.ValueAtQuantileMicros(quantile) / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
}
