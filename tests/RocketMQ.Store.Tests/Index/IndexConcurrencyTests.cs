using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Store.Index;

namespace RocketMQ.Store.Tests.Index;

/// <summary>
/// The applier indexes and rolls files while readers query, a checkpointer flushes and retention deletes old files.
/// Every answer must be plausible: no corruption, offsets newest first, each one a message whose key hashes like
/// the query's, and a recent message (whose file retention cannot have reached) always found.
/// </summary>
public class IndexConcurrencyTests
{
    private const long T = 1_700_000_000_000;
    private const int Messages = 4_000;
    private const int KeptOffsets = 300;
    private const int MinQueries = 20;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Readers_see_plausible_answers_while_the_writer_rolls_and_retention_deletes(int seed)
    {
        using var directory = new TempDirectory();
        using var service = new IndexService(directory.Path, 16, 64, NullLogger.Instance);
        service.Recover(null);
        var keyOf = new int[Messages + 1];
        Array.Fill(keyOf, -1);
        var written = 0;
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();

        // Everyone starts together, so the readers overlap the writer even when threads are slow to be scheduled.
        using var go = new Barrier(5);

        var writer = Start(() =>
        {
            go.SignalAndWait(Deadline);
            var random = new Random(seed);
            for (var i = 1; i <= Messages; i++)
            {
                Volatile.Write(ref keyOf[i], random.Next(40));
                service.Apply(new IndexedMessage("t", "U" + i, "k" + keyOf[i], i, T + (i * 10)));
                Volatile.Write(ref written, i);
            }
        });
        var helpers = new[]
        {
            Start(() => Repeat(go, stop.Token, service.FlushDirty)),
            Start(() => Repeat(go, stop.Token,
                () => service.DeleteFilesBelow(Volatile.Read(ref written) - KeptOffsets))),
        };
        var found = new int[2];
        var readers = Enumerable.Range(0, 2).Select(r => Start(() =>
        {
            var random = new Random(seed * 10 + r);
            go.SignalAndWait(Deadline);
            for (var queries = 0; queries < MinQueries || !stop.IsCancellationRequested; queries++)
            {
                found[r] += CheckOneQuery(service, random, keyOf, ref written, failures) ? 1 : 0;
            }
        })).ToArray();

        await writer.WaitAsync(Deadline);
        stop.Cancel();
        await Task.WhenAll([.. helpers, .. readers]).WaitAsync(Deadline);

        Assert.True(failures.IsEmpty, $"seed {seed}: {string.Join("; ", failures.Take(10))}");
        Assert.True(found[0] + found[1] > 0, $"seed {seed}: the readers never looked for a recent message");
        Assert.True(service.FileNames.Count > 1, $"seed {seed}: retention left {service.FileNames.Count} files");
    }

    /// <summary>One query, checked; true when it looked for a recent message and found it.</summary>
    private static bool CheckOneQuery(IndexService service, Random random, int[] keyOf, ref int written,
        ConcurrentQueue<string> failures)
    {
        var before = Volatile.Read(ref written);
        var recent = Math.Max(1, before - random.Next(50));
        var key = random.Next(2) == 0 ? "U" + recent : "k" + random.Next(40);
        var result = service.Query("t", key, 64, 0, long.MaxValue);
        var after = Volatile.Read(ref written);
        var hash = IndexKeyHash.Of("t", key);
        var offsets = result.CommitLogOffsets;
        for (var i = 0; i < offsets.Count; i++)
        {
            var offset = offsets[i];
            // The writer records a message's key before indexing it and counts it as written only afterwards, so
            // a found offset may be one past the count read after the query, but its key is always recorded.
            var plausible = offset >= 1 && offset <= after + 1 && Volatile.Read(ref keyOf[offset]) is var k and >= 0
                && (IndexKeyHash.Of("t", "k" + k) == hash || IndexKeyHash.Of("t", "U" + offset) == hash);
            if (!plausible || (i > 0 && offset > offsets[i - 1]))
            {
                failures.Enqueue($"{key}: offset {offset} at {i} of [{string.Join(",", offsets)}]");
            }
        }

        if (result.CorruptionDetected)
        {
            failures.Enqueue($"{key}: corruption reported");
        }

        // Retention deletes files ending below (written - KeptOffsets); the recent message's file ends at or after
        // it, so while that bound stays at or below it, the file is still there.
        var mustFind = before > 0 && key[0] == 'U' && after - KeptOffsets <= recent;
        if (mustFind && !offsets.Contains(recent))
        {
            failures.Enqueue($"{key}: not found in [{string.Join(",", offsets)}] (written {before}..{after})");
        }

        return mustFind;
    }

    private static void Repeat(Barrier go, CancellationToken stop, Action action)
    {
        go.SignalAndWait(Deadline);
        while (!stop.IsCancellationRequested)
        {
            action();
        }
    }

    private static Task Start(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
