using RocketMQ.Store.Config;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>Bugs the store properties found, each pinned by the smallest case that showed it.</summary>
public sealed class StoreRegressionTests
{
    /// <summary>
    /// Found by the model property: retention moved a queue's minimum past deleted entries, then a crash reopened the
    /// store from a checkpoint taken before that move, and the minimum fell back onto offsets whose entries the log no
    /// longer holds.
    /// </summary>
    [Fact]
    public async Task A_crash_after_retention_does_not_bring_deleted_offsets_back()
    {
        await using var harness = await PropertyStore.StartAsync(o => ModelRun.Configure(o, smallIndex: false));
        for (var i = 0; i < 3; i++)
        {
            await Put(harness, "T1", 0, Message(keys: $"k{i}"));
        }

        harness.Store.Checkpoint(); // The first checkpoint is always a retention point (index 3).
        await Put(harness, "T1", 0, Message(keys: "k3"));
        harness.DiskUsage = 0.87; // Above diskSpaceCleanForciblyRatio: the oldest point goes even unexpired.
        harness.Store.RunRetention();
        Assert.Equal(3, harness.Store.Snapshot?.Index);
        Assert.Equal(3, harness.Log.CompactToSnapshot());
        Assert.Equal(3, harness.Store.GetMinOffsetInQueue("T1", 0));

        await harness.CrashAndRestartAsync();

        Assert.Equal(3, harness.Store.GetMinOffsetInQueue("T1", 0));
        using var below = await harness.Store.GetMessagesAsync("T1", 0, 0, 32);
        Assert.Equal(GetMessageStatus.OffsetTooSmall, below.Status);
        Assert.Equal(3, below.NextBeginOffset);
        using var first = await harness.Store.GetMessagesAsync("T1", 0, 3, 32);
        Assert.Equal(GetMessageStatus.Found, first.Status);
        Assert.Equal(1, first.MessageCount);
    }

    /// <summary>
    /// Found by the model property: "T1#Aa" and "T1#BB" have the same index hash, so the index's newest candidate for
    /// "Aa" may be a "BB" message. The store read it, dropped it (it does not carry the key) and returned nothing,
    /// although an "Aa" message exists; likewise a key named twice in KEYS used up two of the candidates.
    /// </summary>
    [Theory]
    [InlineData("Aa", "BB", 1)]
    [InlineData("k", "k k", 2)]
    [InlineData("k", "k k k k k", 2)]
    public async Task A_key_query_returns_as_many_messages_as_carry_the_key(string older, string newer, int maxCount)
    {
        await using var harness = await PropertyStore.StartAsync(o => ModelRun.Configure(o, smallIndex: false));
        var olderOffset = await Put(harness, "T1", 0, Message(keys: older));
        var newerOffset = await Put(harness, "T1", 1, Message(keys: newer));

        using var result = await harness.Store.QueryMessageAsync("T1", older, maxCount, 0, long.MaxValue);

        long[] expected = newer.Split(' ').Contains(older) ? [newerOffset, olderOffset] : [olderOffset];
        Assert.Equal(expected.Take(maxCount), result.Messages.Slots.ToArray().Select(s => s.CommitLogOffset));
    }

    /// <summary>
    /// Found while writing the rebuild property: a TopicDelete command's name reached <c>Path.Combine</c> and a
    /// recursive delete unchecked, so a name such as ".." or "../../x" deleted directories outside the ConsumeQueue
    /// root (the store's own root, or anything the process may delete). Run inside a temporary directory only.
    /// </summary>
    [Theory]
    [InlineData("..")]
    [InlineData("../../victim")]
    [InlineData("T1/../../../victim")]
    public async Task A_topic_delete_with_a_path_for_a_name_deletes_nothing_outside_the_store(string name)
    {
        await using var harness = await PropertyStore.StartAsync(o => ModelRun.Configure(o, smallIndex: false));
        var victim = Path.Combine(harness.Root, "victim");
        Directory.CreateDirectory(victim);
        await File.WriteAllTextAsync(Path.Combine(victim, "keep"), "data");
        await Put(harness, "T1", 0, Message(keys: "k"));
        harness.Store.Checkpoint();

        var appended = await harness.Log.AppendAsync(StoreRecordKinds.TopicDelete,
            ConfigCommandCodec.EncodeTopicDelete(name, 1), null, CancellationToken.None);

        Assert.True(appended.IsCommitted);
        Assert.True(File.Exists(Path.Combine(victim, "keep")), "a directory outside the store was deleted");
        Assert.True(Directory.Exists(Path.Combine(harness.Directory, "checkpoint")), "the store root was deleted");
        Assert.True(Directory.Exists(Path.Combine(harness.Directory, "consumequeue", "T1", "0")));
        Assert.Equal(1, harness.Store.GetMaxOffsetInQueue("T1", 0));
    }

    /// <summary>
    /// Found while building the property harness: RunRetention may run on the retention timer and from a caller at
    /// once (every member but apply is documented as callable from any thread). Two runs could pick the same point;
    /// the second then read the point's file after the first deleted it (FileNotFoundException), or wrote an older
    /// snapshot over a newer one, moving the boundary back. A race: without the fix most runs of this test fail
    /// (four in five on two cores); with it none can.
    /// </summary>
    [Fact]
    public async Task Concurrent_retention_runs_move_the_boundary_once_and_never_back()
    {
        await using var harness = await PropertyStore.StartAsync(o => ModelRun.Configure(o, smallIndex: false));
        harness.DiskUsage = 0.87; // Forced: every run wants the oldest point, even unexpired.
        var boundary = 0L;
        for (var round = 0; round < 60; round++)
        {
            // A megabyte of log since the last point lets the next checkpoint become a point.
            await Put(harness, "T1", 0, new MessageSpec(null, null, null, StoreGenerators.LargeBodyBytes, round, 0));
            harness.Store.Checkpoint();
            using var start = new Barrier(6);
            // Own threads: six pool threads on a two-core machine would wait for the pool to grow.
            var runs = Enumerable.Range(0, 6).Select(_ => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(10));
                harness.Store.RunRetention();
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
            await Task.WhenAll(runs);
            var moved = harness.Store.Snapshot?.Index ?? 0;
            Assert.True(moved >= boundary, $"round {round}: the boundary moved back from {boundary} to {moved}");
            boundary = moved;
            harness.Log.CompactToSnapshot();
        }

        Assert.True(boundary > 0);
    }

    /// <summary>
    /// Found by a soak run of the model property (small index files): the checkpoint names the index file that was
    /// active then; a later entry started a new file, retention deleted the checkpoint's file as wholly below the
    /// boundary, and after a crash the store could not open ("active index file named in the checkpoint is missing").
    /// </summary>
    [Fact]
    public async Task A_crash_after_retention_deleted_the_checkpoints_active_index_file_still_opens()
    {
        await using var harness = await PropertyStore.StartAsync(o => ModelRun.Configure(o, smallIndex: true));
        var keys = string.Join(' ', Enumerable.Range(0, 15).Select(i => $"k{i}"));
        await Put(harness, "T1", 0, Message(keys)); // 15 items: the first index file is full.
        harness.Store.Checkpoint(); // Names that file as active; the first checkpoint is a retention point (index 1).
        var newer = await Put(harness, "T1", 0, Message("later")); // Starts the second index file.
        harness.DiskUsage = 0.87;
        harness.Store.RunRetention();
        Assert.Equal(1, harness.Store.Snapshot?.Index);
        harness.Log.CompactToSnapshot();

        await harness.CrashAndRestartAsync();

        Assert.Equal(2, harness.Store.GetMaxOffsetInQueue("T1", 0));
        Assert.Equal(1, harness.Store.GetMinOffsetInQueue("T1", 0));
        using var found = await harness.Store.QueryMessageAsync("T1", "later", 4, 0, long.MaxValue);
        Assert.Equal([newer], found.Messages.Slots.ToArray().Select(s => s.CommitLogOffset));
        using var removed = await harness.Store.QueryMessageAsync("T1", "k3", 4, 0, long.MaxValue);
        Assert.Equal(0, removed.Messages.MessageCount);
    }

    private static MessageSpec Message(string keys) => new(null, keys, null, 8, keys.Length, 0);

    private static async Task<long> Put(PropertyStore harness, string topic, int queueId, MessageSpec message)
    {
        var result = await harness.Store.PutMessageAsync(message.ToStore(topic, queueId));
        Assert.True(result.IsOk, result.Remark);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        return result.CommitLogOffset;
    }
}
