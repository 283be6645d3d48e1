using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Store.Index;

namespace RocketMQ.Store.Tests.Index;

public sealed class IndexQueryTests : IDisposable
{
    private const long T = 1_700_000_000_000;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private IndexService Open(int hashSlotNum = 16, int indexNum = 8)
    {
        var service = new IndexService(_directory.Path, hashSlotNum, indexNum, NullLogger.Instance);
        service.Recover(null);
        return service;
    }

    [Fact]
    public void An_empty_index_answers_nothing()
    {
        using var service = Open();

        var result = service.Query("t", "k", 32, 0, long.MaxValue);

        Assert.Empty(result.CommitLogOffsets);
        Assert.Equal((0L, 0L, false),
            (result.IndexLastUpdateTimestamp, result.IndexLastUpdatePhyOffset, result.CorruptionDetected));
    }

    [Fact]
    public void Unique_key_and_every_non_empty_key_are_indexed()
    {
        using var service = Open(indexNum: 64);

        service.Apply(new IndexedMessage("t", "U1", "  a  b ", 100, T));

        Assert.Equal([100L], service.Query("t", "U1", 32, 0, long.MaxValue).CommitLogOffsets);
        Assert.Equal([100L], service.Query("t", "a", 32, 0, long.MaxValue).CommitLogOffsets);
        Assert.Equal([100L], service.Query("t", "b", 32, 0, long.MaxValue).CommitLogOffsets);
        Assert.Empty(service.Query("other", "a", 32, 0, long.MaxValue).CommitLogOffsets);
        var file = new IndexFileBytes(Path.Combine(_directory.Path, service.FileNames[0]), 16);
        Assert.Equal(4, file.Header().IndexCount);
    }

    [Fact]
    public void Equal_java_hashes_collide_and_both_are_candidates()
    {
        using var service = Open(hashSlotNum: 1, indexNum: 64);

        // "Aa" and "BB" have the same String.hashCode(), so "t#Aa" and "t#BB" do too.
        service.Apply(new IndexedMessage("t", null, "Aa", 100, T));
        service.Apply(new IndexedMessage("t", null, "other", 200, T + 1000));
        service.Apply(new IndexedMessage("t", null, "BB", 300, T + 2000));

        Assert.Equal([300L, 100L], service.Query("t", "Aa", 32, 0, long.MaxValue).CommitLogOffsets);
        Assert.Equal([200L], service.Query("t", "other", 32, 0, long.MaxValue).CommitLogOffsets);
    }

    [Fact]
    public void Rolled_back_messages_and_replays_are_skipped()
    {
        using var service = Open(indexNum: 64);

        service.Apply(new IndexedMessage("t", null, "k", 100, T, TransactionType: 0x4)); // prepared: indexed
        service.Apply(new IndexedMessage("t", null, "k", 200, T, TransactionType: 0xC)); // rollback: skipped
        service.Apply(new IndexedMessage("t", null, "k", 300, T, TransactionType: 0x8 | 0x1)); // commit + flag bits
        service.Apply(new IndexedMessage("t", null, "k", 250, T)); // below the end offset: a replay

        Assert.Equal([300L, 100L], service.Query("t", "k", 32, 0, long.MaxValue).CommitLogOffsets);
    }

    [Fact]
    public void The_time_window_selects_and_stops_the_walk()
    {
        using var service = Open(indexNum: 64);
        for (var i = 0; i < 10; i++)
        {
            service.Apply(new IndexedMessage("t", null, "k", 100 * (i + 1), T + (i * 10_000)));
        }

        var result = service.Query("t", "k", 32, T + 25_000, T + 60_000);

        Assert.Equal([700L, 600L, 500L, 400L], result.CommitLogOffsets);
        Assert.Equal((T + 90_000, 1000L), (result.IndexLastUpdateTimestamp, result.IndexLastUpdatePhyOffset));
        Assert.Empty(service.Query("t", "k", 32, T + 91_000, T + 99_000).CommitLogOffsets);
    }

    [Fact]
    public void The_walk_stops_at_the_first_item_before_the_window_as_java_does()
    {
        using var service = Open(indexNum: 64);
        service.Apply(new IndexedMessage("t", null, "k", 100, T));
        service.Apply(new IndexedMessage("t", null, "k", 200, T + 20_000));
        service.Apply(new IndexedMessage("t", null, "k", 300, T + 500)); // the store clock stepped back
        service.Apply(new IndexedMessage("t", null, "k", 400, T + 9_000));

        // 300 is before the window, so the walk ends there and never reaches 200, though 200 is inside it.
        Assert.Equal([400L], service.Query("t", "k", 32, T + 8_000, T + 30_000).CommitLogOffsets);
        Assert.Equal([400L, 300L, 200L, 100L], service.Query("t", "k", 32, T, T + 30_000).CommitLogOffsets);
    }

    [Fact]
    public void Queries_span_rolled_files_newest_first_up_to_max_num()
    {
        using var service = Open(hashSlotNum: 16, indexNum: 8);
        for (var i = 1; i <= 20; i++)
        {
            service.Apply(new IndexedMessage("t", null, "k", i * 10, T + (i * 1000)));
        }

        Assert.Equal(3, service.FileNames.Count); // 7 items per file
        var all = service.Query("t", "k", 100, 0, long.MaxValue).CommitLogOffsets;
        Assert.Equal(Enumerable.Range(1, 20).Reverse().Select(i => i * 10L), all);
        Assert.Equal([200L, 190L, 180L], service.Query("t", "k", 3, 0, long.MaxValue).CommitLogOffsets);
        Assert.Empty(service.Query("t", "k", 0, 0, long.MaxValue).CommitLogOffsets);
    }

    /// <summary>Differential: random messages and queries against <see cref="IndexModel"/>.</summary>
    [Property(MaxTest = 60)]
    public Property Queries_agree_with_the_model(int seed)
    {
        using var directory = new TempDirectory();
        var random = new Random(seed);
        var hashSlotNum = random.Next(1, 9);
        var indexNum = random.Next(2, 12);
        var model = new IndexModel(hashSlotNum, indexNum);
        using var service = new IndexService(directory.Path, hashSlotNum, indexNum, NullLogger.Instance);
        service.Recover(null);
        foreach (var message in RandomMessages(random, random.Next(0, 60)))
        {
            model.Apply(message);
            service.Apply(message);
        }

        var failures = new List<string>();
        for (var q = 0; q < 40; q++)
        {
            var key = "k" + random.Next(8);
            var begin = T + random.Next(-5_000, 120_000);
            var end = begin + random.Next(0, 120_000);
            var maxNum = random.Next(0, 12);
            var expected = model.Query("t", key, maxNum, begin, end);
            var actual = service.Query("t", key, maxNum, begin, end);
            if (!expected.SequenceEqual(actual.CommitLogOffsets) || actual.CorruptionDetected)
            {
                failures.Add($"{key} [{begin - T}, {end - T}] max {maxNum}: expected [{string.Join(",", expected)}]," +
                    $" got [{string.Join(",", actual.CommitLogOffsets)}] corrupt={actual.CorruptionDetected}");
            }
        }

        return (failures.Count == 0).Label($"seed {seed}: {string.Join("; ", failures)}");
    }

    /// <summary>Messages with keys from a small pool (collisions), rising offsets, mostly rising times.</summary>
    internal static List<IndexedMessage> RandomMessages(Random random, int count)
    {
        var messages = new List<IndexedMessage>(count);
        var offset = 0L;
        var time = T;
        for (var i = 0; i < count; i++)
        {
            offset += random.Next(0, 3) == 0 ? 0 : random.Next(1, 500); // sometimes the same offset (a replay)
            time += random.Next(-3_000, 4_000);
            var keys = string.Join(' ', Enumerable.Range(0, random.Next(0, 4)).Select(_ => "k" + random.Next(8)));
            var unique = random.Next(3) == 0 ? "U" + i : null;
            var transaction = random.Next(10) == 0 ? 0xC : 0;
            var replayed = random.Next(12) == 0 ? Math.Max(0, offset - random.Next(1, 1000)) : offset;
            messages.Add(new IndexedMessage("t", unique, keys, replayed, time, transaction));
        }

        return messages;
    }
}
