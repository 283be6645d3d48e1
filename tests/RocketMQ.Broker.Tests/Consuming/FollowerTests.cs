using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Config;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>What a follower does with consuming requests: serves reads, never writes, refuses locks.</summary>
public sealed class FollowerTests
{
    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_follower_keeps_commits_in_memory_and_replicates_them_once_it_leads(SerializeType serialization)
    {
        await using var broker = await TestBroker.StartLocalAsync(o => o.FlushConsumerOffsetInterval = 60_000);
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        broker.SetLeader(false);
        var entries = broker.LocalStorage!.LastIndex;

        var update = await broker.InvokeAsync(Requests.UpdateOffset(group, topic, 0, 9), serialization);
        Assert.Equal(ResponseCode.Success, update.Code);
        Assert.Equal(9, Requests.Offset(await broker.InvokeAsync(Requests.QueryOffset(group, topic, 0),
            serialization)));
        Assert.Equal(0, await broker.Module.Offsets.FlushAsync());
        Assert.Equal(entries, broker.LocalStorage.LastIndex);

        broker.SetLeader(true);

        await Requests.EventuallyAsync(() => broker.Store.Config.QueryOffset(group, topic, 0) == 9,
            TimeSpan.FromSeconds(10), "the new leader to replicate the follower's commit");
    }

    [Fact]
    public async Task A_pending_commit_yields_to_a_value_written_by_another_hand()
    {
        await using var broker = await TestBroker.StartLocalAsync(o => o.FlushConsumerOffsetInterval = 60_000);
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        broker.Module.Offsets.Commit(group, topic, 0, 10);

        // An admin reset (or another leader's flush) writes the log directly.
        var reset = await broker.Store.CommitOffsetsAsync([new ConsumerOffsetEntry(group, topic, 0, 3)]);
        Assert.True(reset.IsOk);

        Assert.Equal(3, broker.Module.Offsets.QueryOffset(group, topic, 0));
        Assert.Equal(0, await broker.Module.Offsets.FlushAsync());
        Assert.Equal(3, broker.Store.Config.QueryOffset(group, topic, 0));
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_follower_serves_pulls_without_moving_offsets_or_storing_commits(SerializeType serialization)
    {
        await using var broker = await TestBroker.StartLocalAsync();
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await broker.CreateTopicAsync(topic);
        await broker.UpdateGroupAsync(new SubscriptionGroupConfig(group) { BrokerId = 0 });
        await broker.PutAsync(topic, 0, "TagA", "x");
        broker.SetLeader(false);

        var found = await broker.InvokeAsync(Requests.Pull(group, topic, 0, 0, PullSysFlag.CommitOffset, "*",
            commitOffset: 1), serialization);
        Assert.Equal(ResponseCode.Success, found.Code);
        Assert.Equal(["x"], Requests.Messages(found).Select(m => m.Body));
        Assert.Equal(-1, broker.Module.Offsets.QueryOffset(group, topic, 0));

        // Java's slave with offsetCheckInSlave=false: no correction, retry at the group's broker (the leader).
        var badly = await broker.InvokeAsync(Requests.Pull(group, topic, 0, 7, 0, "*"), serialization);
        Assert.Equal(ResponseCode.PullRetryImmediately, badly.Code);
        Assert.Equal("OFFSET_OVERFLOW_BADLY", badly.Remark);
        Assert.Equal((7L, 0L), (Requests.PullHeader(badly).NextBeginOffset,
            Requests.PullHeader(badly).SuggestWhichBrokerId));
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_follower_serves_unknown_groups_with_defaults_but_creates_nothing(SerializeType serialization)
    {
        await using var broker = await TestBroker.StartLocalAsync();
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await broker.CreateTopicAsync(topic);
        broker.SetLeader(false);

        var heartbeat = await broker.InvokeAsync(Requests.Heartbeat("c@1", group, topic), serialization);
        Assert.Equal(ResponseCode.Success, heartbeat.Code);
        var pull = await broker.InvokeAsync(Requests.Pull(group, topic, 0, 0), serialization);
        Assert.Equal(ResponseCode.PullNotFound, pull.Code);

        Assert.Null(broker.Store.Config.FindGroup(group));
        Assert.Null(broker.Store.Config.FindTopic("%RETRY%" + group));
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_follower_refuses_queue_locks_naming_the_leader(SerializeType serialization)
    {
        await using var broker = await TestBroker.StartLocalAsync();
        broker.SetLeader(false);
        var group = Requests.Unique("CID");

        var locked = await broker.InvokeAsync(Requests.Lock(RequestCode.LockBatchMq, group, "c@1", "T", 0),
            serialization);
        Assert.Equal(ResponseCode.ServiceNotAvailable, locked.Code);
        Assert.Contains("the leader is n1 at 127.0.0.1:10921", locked.Remark, StringComparison.Ordinal);

        var unlocked = await broker.InvokeAsync(Requests.Lock(RequestCode.UnlockBatchMq, group, "c@1", "T", 0),
            serialization);
        Assert.Equal(ResponseCode.Success, unlocked.Code);
    }
}
