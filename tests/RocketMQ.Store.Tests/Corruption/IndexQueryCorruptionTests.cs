using System.Text;
using RocketMQ.Store.Index;
using RocketMQ.Store.Records;
using RocketMQ.Store.Tests.Index;

namespace RocketMQ.Store.Tests.Corruption;

/// <summary>
/// Issue 4, Index files: after seeded random flips (under the running store, or while it is stopped), a key query
/// never hangs or throws and returns only messages that carry the key; keys whose chains were not touched are still
/// found, and a query that met a broken chain says so.
/// </summary>
public sealed class IndexQueryCorruptionTests
{
    internal const string Topic = "T";

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    public async Task Random_flips_never_yield_a_message_without_the_key(int seed, bool whileStopped)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var random = new Random(seed);
        var sent = new SentMessages();
        await sent.PutAsync(harness.Store, random, Topic, queues: 2, sends: 250);
        var files = IndexFiles(harness);
        Assert.True(files.Length >= 3, $"seed {seed}: only {files.Length} index files");

        if (whileStopped)
        {
            await harness.StopAsync();
        }

        var damagedSlots = FlipRandomBytes(harness, files, random, random.Next(1, 40));
        if (whileStopped)
        {
            await harness.OpenAsync();
        }

        // A reopen may have found a file it cannot use and discarded the index (IndexChainCorruptionTests): then
        // no key is expected to be found.
        var discarded = harness.Logged.Count(4012) > 0;
        var context = $"seed {seed}, {(whileStopped ? "stopped" : "running")}, discarded {discarded}";
        await CheckEveryKeyAsync(harness, sent, discarded ? null : damagedSlots, context);
    }

    /// <summary>
    /// Queries the UNIQ_KEY and own KEYS entry of every message from <paramref name="from"/> on: each result carries
    /// the key and is exactly the message put with it; a key whose slot was not damaged in any file (null: any slot
    /// may be) is found, with no corruption reported.
    /// </summary>
    internal static async Task CheckEveryKeyAsync(CorruptionHarness harness, SentMessages sent,
        HashSet<int>? damagedSlots, string context, int from = 0)
    {
        var failures = new List<string>();
        var byOffset = sent.All.ToDictionary(m => m.CommitLogOffset);
        foreach (var message in sent.All.Skip(from))
        {
            foreach (var key in new[] { message.UniqueKey, message.Keys.Split(' ')[0] })
            {
                using var result = await harness.Store.QueryMessageAsync(Topic, key, 32, 0, long.MaxValue)
                    .AsTask().WaitAsync(QueueReads.Deadline);
                var found = false;
                for (var slot = 0; slot < result.Messages.MessageCount; slot++)
                {
                    var info = result.Messages.Slots[slot];
                    var bytes = result.Messages.Messages.Span.Slice(info.Start, info.Size);
                    if (!Carries(bytes, key) || !byOffset.TryGetValue(info.CommitLogOffset, out var put)
                        || !StoredMessage.TryRead(bytes, out var view) || !view.Body.SequenceEqual(put.Body))
                    {
                        failures.Add($"'{key}' returned a message at {info.CommitLogOffset} that is not its own");
                    }

                    found |= info.CommitLogOffset == message.CommitLogOffset;
                }

                var intact = damagedSlots is not null
                    && !damagedSlots.Contains(IndexKeyHash.Of(Topic, key) % harness.Options.MaxHashSlotNum);
                if (intact && (!found || result.CorruptionDetected))
                {
                    failures.Add($"'{key}' (untouched chain): found {found}, corrupt {result.CorruptionDetected}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{context}: {failures.Count} failure(s): "
            + string.Join("; ", failures.Take(10)));
    }

    /// <summary>The index files, oldest first (names sort by time).</summary>
    internal static string[] IndexFiles(CorruptionHarness harness) =>
        [.. Directory.GetFiles(harness.Options.IndexDirectory).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Flips random bytes in random index files; returns the slots whose chains may have changed in any file, or
    /// null when a header was hit (every chain of that file may be cut short then).
    /// </summary>
    private static HashSet<int>? FlipRandomBytes(CorruptionHarness harness, string[] files, Random random, int flips)
    {
        var slots = harness.Options.MaxHashSlotNum;

        // The layout as written, read before any flip: which slot each item was filed under.
        var layouts = files.Select(path =>
        {
            var file = new IndexFileBytes(path, slots);
            var count = file.Header().IndexCount;
            return (File: file, ItemSlots: Enumerable.Range(0, count).Select(i => file.Item(i).KeyHash % slots)
                .ToArray());
        }).ToArray();
        var damaged = new HashSet<int>();
        var headerHit = false;
        for (var f = 0; f < flips; f++)
        {
            var (file, itemSlots) = layouts[random.Next(layouts.Length)];
            var position = random.NextInt64(file.ItemPosition(itemSlots.Length));
            if (position < IndexHeader.Size)
            {
                headerHit = true;
            }
            else if (position < file.ItemPosition(0))
            {
                damaged.Add((int)((position - IndexHeader.Size) / 4));
            }
            else
            {
                // Items are chained per slot: damage reaches the chain of the slot the item was filed under.
                damaged.Add(itemSlots[(int)((position - file.ItemPosition(0)) / 20)]);
            }

            DiskBytes.Flip(file.Path, position, (byte)random.Next(1, 256));
        }

        return headerHit ? null : damaged;
    }

    private static bool Carries(ReadOnlySpan<byte> bytes, string key)
    {
        if (!StoredMessage.TryRead(bytes, out var message) || !message.Topic.SequenceEqual("T"u8))
        {
            return false;
        }

        var properties = Utf8Properties.Scan(message.Properties);
        var utf8 = Encoding.UTF8.GetBytes(key);
        return properties.UniqueKey.SequenceEqual(utf8)
            || Encoding.UTF8.GetString(properties.Keys).Split(' ').Contains(key);
    }
}
