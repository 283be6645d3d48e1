using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Messages;
using RocketMQ.Store;
using RocketMQ.Store.Bench;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;
using Xunit.Abstractions;

namespace RocketMQ.Integration.Tests;

/// <summary>
/// Issue 4's crash test: a child process (the store bench's <c>crash-writer</c>: a single-node DLedger group with the
/// store, many writers) is killed with SIGKILL at seeded random moments, again and again on the same directory. After
/// every kill the store is reopened here and every message whose put completed must be readable by queue offset, by
/// key and by offsetMsgId, with each queue's offsets dense and unique.
/// </summary>
public sealed class StoreCrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_acknowledged_message_survives_repeated_kill_9()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("STORE_CRASH_SEED"), CultureInfo.InvariantCulture,
            out var fixedSeed) ? fixedSeed : Environment.TickCount;
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("STORE_CRASH_ROUNDS"),
            CultureInfo.InvariantCulture, out var fixedRounds) ? fixedRounds : 20;
        output.WriteLine($"seed {seed} (replay with STORE_CRASH_SEED={seed}), {rounds} rounds");
        var random = new Random(seed);
        var directory = Path.Combine(Path.GetTempPath(), "store-crash-" + Guid.NewGuid());
        var acknowledged = new List<Ack>();
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                var port = HostProcess.FreeTcpPort();
                var acks = await RunAndKillAsync(directory, port, seed + round, random.Next(150, 1500));
                acknowledged.AddRange(acks);
                output.WriteLine($"round {round}: {acks.Count} acknowledged before the kill, {acknowledged.Count} total");
                await VerifyAsync(directory, port, acknowledged, acks, $"seed {seed} round {round}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<List<Ack>> RunAndKillAsync(string directory, int port, int seed, int runMs)
    {
        await using var child = HostProcess.Start("RocketMQ.Store.Bench", "crash-writer", "--dir", directory,
            "--raft-port", port.ToString(CultureInfo.InvariantCulture), "--seed",
            seed.ToString(CultureInfo.InvariantCulture));
        await child.WaitForLineAsync("READY", Deadline);
        await child.WaitForLineAsync("ACK ", Deadline);
        await Task.Delay(runMs);
        child.Kill();
        await child.Exited.WaitAsync(Deadline);
        return [.. child.Output.Split('\n').Where(l => l.StartsWith("ACK ", StringComparison.Ordinal))
            .Select(Ack.Parse).OfType<Ack>()];
    }

    private static async Task VerifyAsync(string directory, int port, List<Ack> all, List<Ack> latest, string context)
    {
        await using var host = await SingleNodeStore.StartAsync(directory, port, NullLoggerFactory.Instance,
            CrashWriter.Configure).WaitAsync(Deadline);
        var store = host.Store;
        foreach (var ack in all)
        {
            using var read = await store.GetMessagesAsync(ack.Topic, ack.QueueId, ack.QueueOffset, 1);
            Assert.True(read.Status == GetMessageStatus.Found, $"{context}: {ack} not found ({read.Status})");
            Assert.Equal(ack.CommitLogOffset, read.Slots[0].CommitLogOffset);
            Assert.Equal(ack.Key, UniqueKeyOf(read.Messages.Span));
        }

        foreach (var ack in latest)
        {
            var id = OffsetMessageId.Create(new IPEndPoint(IPAddress.Loopback, 10911), ack.CommitLogOffset);
            Assert.True(OffsetMessageId.TryParse(id, out _, out var offset));
            using var byId = await store.LookMessageByOffsetAsync(offset);
            Assert.True(byId.Status == GetMessageStatus.Found, $"{context}: {ack} not found by id ({byId.Status})");
            Assert.Equal(ack.QueueOffset, byId.Slots[0].QueueOffset);
            using var byKey = await store.QueryMessageAsync(ack.Topic, ack.Key, 32, 0, long.MaxValue);
            Assert.Contains(ack.CommitLogOffset, byKey.Messages.Slots.ToArray().Select(s => s.CommitLogOffset));
        }

        await AssertDenseAndUniqueAsync(store, context);
    }

    private static async Task AssertDenseAndUniqueAsync(MessageStore store, string context)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var topic in CrashWriter.Topics)
        {
            for (var queue = 0; queue < CrashWriter.QueuesPerTopic; queue++)
            {
                var offset = store.GetMinOffsetInQueue(topic, queue);
                var max = store.GetMaxOffsetInQueue(topic, queue);
                while (offset < max)
                {
                    using var read = await store.GetMessagesAsync(topic, queue, offset, 32);
                    Assert.True(read.Status == GetMessageStatus.Found,
                        $"{context}: {topic}/{queue}@{offset} of {max}: {read.Status}");
                    foreach (var slot in read.Slots)
                    {
                        Assert.Equal(offset++, slot.QueueOffset);
                        var key = UniqueKeyOf(read.Messages.Span.Slice(slot.Start, slot.Size));
                        Assert.True(keys.Add(key), $"{context}: {key} stored twice");
                    }
                }
            }
        }
    }

    private static string UniqueKeyOf(ReadOnlySpan<byte> message)
    {
        Assert.True(StoredMessage.TryRead(message, out var view));
        Assert.True(Utf8Properties.TryGetValue(view.Properties, "UNIQ_KEY"u8, out var key));
        return System.Text.Encoding.UTF8.GetString(key);
    }

    private sealed record Ack(string Topic, int QueueId, long QueueOffset, long CommitLogOffset, string Key)
    {
        public static Ack? Parse(string line)
        {
            var parts = line.Trim().Split(' ');
            return parts.Length == 7 && parts[6] == "." ? new Ack(parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture),
                long.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[4], CultureInfo.InvariantCulture),
                parts[5]) : null;
        }
    }
}
