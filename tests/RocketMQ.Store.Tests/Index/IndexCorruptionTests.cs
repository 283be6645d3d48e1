using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Store.Index;

namespace RocketMQ.Store.Tests.Index;

/// <summary>Damaged bytes under a live service: queries end, never throw, and say when a chain is broken.</summary>
public sealed class IndexCorruptionTests : IDisposable
{
    private const long T = 1_700_000_000_000;
    private const int Slots = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private readonly RecordingLogger _logger = new();
    private readonly IndexService _service;
    private readonly IndexFileBytes _file;

    public IndexCorruptionTests()
    {
        _service = new IndexService(_directory.Path, Slots, 64, _logger);
        _service.Recover(null);

        // "a#b" and "a#f" share slot 0: b = items 1 and 3, f = item 2; chain 3 -> 2 -> 1.
        _service.Apply(new IndexedMessage("a", null, "b", 100, T));
        _service.Apply(new IndexedMessage("a", null, "f", 200, T + 1000));
        _service.Apply(new IndexedMessage("a", null, "b", 300, T + 2000));
        _file = new IndexFileBytes(Path.Combine(_directory.Path, _service.FileNames[0]), Slots);
    }

    public void Dispose()
    {
        _service.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void An_intact_chain_is_not_reported()
    {
        var result = _service.Query("a", "b", 32, 0, long.MaxValue);

        Assert.Equal([300L, 100L], result.CommitLogOffsets);
        Assert.False(result.CorruptionDetected);
    }

    [Theory]
    [InlineData(4)] // the index count itself: no such item yet
    [InlineData(1000)] // past the file
    [InlineData(-1)]
    public void A_slot_outside_the_written_items_is_reported_once_per_file(int slotValue)
    {
        _file.WriteSlot(0, slotValue);

        var first = _service.Query("a", "b", 32, 0, long.MaxValue);
        var second = _service.Query("a", "f", 32, 0, long.MaxValue);

        Assert.Empty(first.CommitLogOffsets);
        Assert.True(first.CorruptionDetected);
        Assert.True(second.CorruptionDetected);
        Assert.Equal(1, _logger.Count(4105));
    }

    [Theory]
    [InlineData(3)] // a link to itself (Java stops silently)
    [InlineData(5)] // a link forwards
    [InlineData(-2)]
    public void A_link_that_does_not_point_backwards_is_reported(int prev)
    {
        _file.WriteItemPrev(3, prev);

        var result = _service.Query("a", "b", 32, 0, long.MaxValue);

        Assert.Equal([300L], result.CommitLogOffsets);
        Assert.True(result.CorruptionDetected);
    }

    [Fact]
    public void An_item_filed_under_another_slot_is_reported()
    {
        _file.WriteItemHash(2, 94401); // "a#c": slot 1, but reached from slot 0

        var result = _service.Query("a", "b", 32, 0, long.MaxValue);

        Assert.Equal([300L], result.CommitLogOffsets);
        Assert.True(result.CorruptionDetected);
        Assert.False(_service.Query("a", "c", 32, 0, long.MaxValue).CorruptionDetected); // slot 1 is empty
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Random_byte_flips_never_hang_or_throw_and_spare_untouched_chains(int seed)
    {
        using var directory = new TempDirectory();
        using var service = new IndexService(directory.Path, 8, 256, NullLogger.Instance);
        service.Recover(null);
        var random = new Random(seed);
        for (var i = 1; i <= 200; i++)
        {
            service.Apply(new IndexedMessage("t", null, "k" + random.Next(20), i, T + (i * 100)));
        }

        var file = new IndexFileBytes(Path.Combine(directory.Path, service.FileNames[0]), 8);
        var slotOf = Enumerable.Range(0, 201).Select(i => i == 0 ? -1 : file.Item(i).KeyHash % 8).ToArray();
        var before = Enumerable.Range(0, 20).Select(k => service.Query("t", "k" + k, 300, 0, long.MaxValue)).ToArray();
        var damagedSlots = Flip(file, random, random.Next(1, 12), slotOf);

        var failures = new List<string>();
        var run = Task.Run(() =>
        {
            for (var k = 0; k < 20; k++)
            {
                var maxNum = random.Next(1, 300);
                var result = service.Query("t", "k" + k, maxNum, 0, long.MaxValue);
                var slot = IndexKeyHash.Of("t", "k" + k) % 8;
                var intact = !damagedSlots.Contains(slot);
                var expected = before[k].CommitLogOffsets.Take(maxNum);
                if (result.CommitLogOffsets.Count > maxNum
                    || (intact && (result.CorruptionDetected || !expected.SequenceEqual(result.CommitLogOffsets))))
                {
                    failures.Add($"k{k} (slot {slot}, intact {intact}, max {maxNum}): " +
                        $"[{string.Join(",", result.CommitLogOffsets)}] corrupt={result.CorruptionDetected}");
                }
            }
        });

        await run.WaitAsync(Deadline); // a TimeoutException here means a walk did not end

        Assert.True(failures.Count == 0, $"seed {seed}: {string.Join("; ", failures)}");
    }

    /// <summary>Flips random bytes in the slots and items; returns the slots whose chain may have changed.</summary>
    private static HashSet<int> Flip(IndexFileBytes file, Random random, int flips, int[] slotOf)
    {
        var damaged = new HashSet<int>();
        var itemsStart = file.ItemPosition(0);
        for (var f = 0; f < flips; f++)
        {
            var position = random.NextInt64(IndexHeader.Size, file.ItemPosition(slotOf.Length));
            var original = file.Read(position, 1)[0];
            file.Write(position, [(byte)(original ^ random.Next(1, 256))]);

            // A flipped slot damages its own chain; a flipped item damages the chain that held it (and, if its
            // hash changed, whatever slot the new hash names — but that chain never reaches the item).
            damaged.Add(position < itemsStart
                ? (int)((position - IndexHeader.Size) / 4)
                : slotOf[(position - itemsStart) / 20] is var slot and >= 0 ? slot : -1);
        }

        return damaged;
    }
}
