using System.Buffers.Binary;
using RocketMQ.Store.Index;
using RocketMQ.Store.Tests.Index;

namespace RocketMQ.Store.Tests.Corruption;

/// <summary>
/// Issue 4, Index files damaged on purpose: broken chains are reported by the store's key query, items redirected to
/// other messages are filtered out, and a file recovery cannot use no longer keeps the store from opening.
/// </summary>
public sealed class IndexChainCorruptionTests
{
    private const string Topic = IndexQueryCorruptionTests.Topic;

    [Theory]
    [InlineData("slot past the count")]
    [InlineData("slot negative")]
    [InlineData("link forwards")]
    [InlineData("link to itself")]
    [InlineData("item under another slot")]
    public async Task A_broken_chain_is_reported_and_results_stay_verified(string damage)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var sent = await PutAsync(harness);
        var (file, item, key) = NewestItemOf(harness, sent.All[^1].UniqueKey);
        var slot = IndexKeyHash.Of(Topic, key) % harness.Options.MaxHashSlotNum;
        var count = file.Header().IndexCount;
        switch (damage)
        {
            case "slot past the count": file.WriteSlot(slot, count + 5); break;
            case "slot negative": file.WriteSlot(slot, -3); break;
            case "link forwards": file.WriteItemPrev(item, count - 1 > item ? count - 1 : item); break;
            case "link to itself": file.WriteItemPrev(item, item); break;
            default: file.WriteItemHash(item, file.Item(item).KeyHash + 1); break;
        }

        using var result = await harness.Store.QueryMessageAsync(Topic, key, 32, 0, long.MaxValue);
        Assert.True(result.CorruptionDetected, damage);
        Assert.True(harness.Logged.Count(4011) > 0, "the damaged index was not logged");
        await IndexQueryCorruptionTests.CheckEveryKeyAsync(harness, sent, null, damage);
    }

    [Fact]
    public async Task Items_redirected_to_other_messages_or_to_nothing_are_filtered_out()
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var sent = await PutAsync(harness);
        var victims = sent.All.Where((_, i) => i % 5 == 0).ToArray();
        for (var v = 0; v < victims.Length; v++)
        {
            var (file, item, _) = NewestItemOf(harness, victims[v].UniqueKey);
            var other = sent.All[(sent.All.IndexOf(victims[v]) + 1) % sent.All.Count].CommitLogOffset;
            var target = v % 3 == 0 ? other : v % 3 == 1 ? victims[v].CommitLogOffset + 1 : long.MaxValue - v;
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, target);
            file.Write(file.ItemPosition(item) + 4, bytes);
        }

        foreach (var victim in victims)
        {
            using var result = await harness.Store.QueryMessageAsync(Topic, victim.UniqueKey, 32, 0, long.MaxValue);
            Assert.Equal(0, result.Messages.MessageCount);
        }

        await IndexQueryCorruptionTests.CheckEveryKeyAsync(harness, sent, null, "redirected items");
    }

    [Theory]
    [InlineData("older file: impossible index count")]
    [InlineData("older file: impossible slot count")]
    [InlineData("active file: garbage under the checkpoint")]
    public async Task An_index_recovery_cannot_use_is_discarded_and_the_store_opens(string damage)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var random = new Random(9);
        var sent = await PutAsync(harness);
        await harness.StopAsync();
        var files = IndexQueryCorruptionTests.IndexFiles(harness);
        var slots = harness.Options.MaxHashSlotNum;
        if (damage.StartsWith("older", StringComparison.Ordinal))
        {
            var file = new IndexFileBytes(files[0], slots);
            var field = damage.EndsWith("index count", StringComparison.Ordinal) ? IndexHeader.IndexCountOffset
                : IndexHeader.HashSlotCountOffset;
            DiskBytes.Flip(file.Path, field, 0x40);
        }
        else
        {
            // Every slot of the active file names item 1 and item 1 no longer hashes: recovery has to rebuild the
            // slots from the items, and finds one it cannot trust.
            var active = new IndexFileBytes(files[^1], slots);
            active.WriteItemHash(1, -1);
            for (var slot = 0; slot < slots; slot++)
            {
                active.WriteSlot(slot, int.MaxValue);
            }
        }

        await harness.OpenAsync();

        Assert.Equal(1, harness.Logged.Count(4012));
        await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, damage);
        await IndexQueryCorruptionTests.CheckEveryKeyAsync(harness, sent, null, damage);

        // The index starts over: what is stored from now on is found by key again, also after a restart.
        var before = sent.All.Count;
        await sent.PutAsync(harness.Store, random, Topic, queues: 2, sends: 20);
        await harness.RestartAsync();
        await IndexQueryCorruptionTests.CheckEveryKeyAsync(harness, sent, [], $"{damage}, later messages", before);
    }

    private static async Task<SentMessages> PutAsync(CorruptionHarness harness)
    {
        var sent = new SentMessages();
        await sent.PutAsync(harness.Store, new Random(17), Topic, queues: 2, sends: 200);
        Assert.True(IndexQueryCorruptionTests.IndexFiles(harness).Length >= 3);
        return sent;
    }

    /// <summary>The index file and item that hold <paramref name="key"/>'s newest entry.</summary>
    private static (IndexFileBytes File, int Item, string Key) NewestItemOf(CorruptionHarness harness, string key)
    {
        var hash = IndexKeyHash.Of(Topic, key);
        foreach (var path in IndexQueryCorruptionTests.IndexFiles(harness).Reverse())
        {
            var file = new IndexFileBytes(path, harness.Options.MaxHashSlotNum);
            for (var item = file.Header().IndexCount - 1; item > 0; item--)
            {
                if (file.Item(item).KeyHash == hash)
                {
                    return (file, item, key);
                }
            }
        }

        throw new InvalidOperationException($"no index item for {key}");
    }
}
