using RocketMQ.Store.Config;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Writing;

namespace RocketMQ.Store.Tests.Store;

/// <summary>Config commands through the log: applied on completion, kept across restarts, written to config/.</summary>
public sealed class CommandTests
{
    [Fact]
    public async Task Topic_group_and_offset_commands_apply_and_survive_restarts()
    {
        await using var harness = await StoreHarness.StartAsync();
        var store = harness.Store;
        Assert.True((await store.UpdateTopicAsync(new TopicConfig("T") { ReadQueueNums = 4, WriteQueueNums = 4 })).IsOk);
        Assert.True((await store.UpdateSubscriptionGroupAsync(new SubscriptionGroupConfig("G"))).IsOk);
        Assert.True((await store.CommitOffsetsAsync([new ConsumerOffsetEntry("G", "T", 1, 42)])).IsOk);
        Assert.Equal(4, store.Config.FindTopic("T")?.WriteQueueNums);
        Assert.NotNull(store.Config.FindGroup("G"));
        Assert.Equal(42, store.Config.QueryOffset("G", "T", 1));

        await harness.CrashAndRestartAsync();
        Assert.Equal(4, harness.Store.Config.FindTopic("T")?.WriteQueueNums);
        Assert.Equal(42, harness.Store.Config.QueryOffset("G", "T", 1));

        harness.Store.Checkpoint();
        Assert.True(File.Exists(Path.Combine(harness.Options.ConfigDirectory, "topics.json")));
        Assert.Contains("\"T\"", File.ReadAllText(Path.Combine(harness.Options.ConfigDirectory, "topics.json")),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_topic_drops_its_queues_and_offsets_and_a_new_topic_starts_at_zero()
    {
        await using var harness = await StoreHarness.StartAsync();
        var store = harness.Store;
        await store.UpdateTopicAsync(new TopicConfig("T"));
        for (var i = 0; i < 3; i++)
        {
            await store.PutMessageAsync(StoreHarness.Message("T", 0, $"m{i}"));
        }

        await store.CommitOffsetsAsync([new ConsumerOffsetEntry("G", "T", 0, 2)]);
        Assert.True((await store.DeleteTopicAsync("T")).IsOk);
        Assert.Null(store.Config.FindTopic("T"));
        Assert.Equal(-1, store.Config.QueryOffset("G", "T", 0));
        using (var gone = await store.GetMessagesAsync("T", 0, 0, 32))
        {
            Assert.Equal(GetMessageStatus.NoMatchedLogicQueue, gone.Status);
        }

        var again = await store.PutMessageAsync(StoreHarness.Message("T", 0, "fresh"));
        Assert.Equal(0, again.QueueOffset);
        await harness.CrashAndRestartAsync();
        Assert.Equal(1, harness.Store.GetMaxOffsetInQueue("T", 0));
    }

    [Fact]
    public async Task Bad_commands_are_refused_with_a_reason_and_followers_refuse_writes()
    {
        await using var harness = await StoreHarness.StartAsync();
        var bad = await harness.Store.UpdateTopicAsync(new TopicConfig("bad/topic"));
        Assert.Equal(PutMessageStatus.MessageIllegal, bad.Status);
        Assert.Contains("not allowed", bad.Remark, StringComparison.Ordinal);

        harness.Log.SetLeader(false);
        var follower = await harness.Store.UpdateTopicAsync(new TopicConfig("T"));
        Assert.Equal(PutMessageStatus.NotLeader, follower.Status);
        var put = await harness.Store.PutMessageAsync(StoreHarness.Message("T", 0, "x"));
        Assert.Equal(PutMessageStatus.NotLeader, put.Status);
        Assert.Equal("n1", put.LeaderId);
    }
}
