using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.Tests.Groups;

/// <summary>Three-node groups over the in-memory network: election, failover, partitions, restart.</summary>
public class ElectionAndFailoverTests
{
    [Fact]
    public async Task A_leader_is_elected_and_every_replica_applies_the_same_records()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();

        var last = default(AppendResult);
        for (var i = 0; i < 20; i++)
        {
            last = await leader.CommitTextAsync($"m{i}");
        }

        await group.WaitForAppliedAsync(last.Index);
        var expected = Enumerable.Range(0, 20).Select(i => $"m{i}").ToArray();
        foreach (var id in group.Ids)
        {
            Assert.Equal(expected, group.Machine(id).Texts());
        }

        var followers = group.Running.Where(n => n != leader).ToList();
        Assert.All(followers, f => Assert.Equal(leader.SelfId, f.State.LeaderId));
        Assert.All(followers, f => Assert.Equal($"broker-{leader.SelfId}:10911", f.State.LeaderAddress));
    }

    [Fact]
    public async Task A_follower_refuses_appends_and_names_the_leader()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();
        var follower = group.Running.First(n => n != leader);
        await WaitUntilAsync(() => follower.State.LeaderId == leader.SelfId);

        var result = await follower.AppendTextAsync("nope");

        Assert.Equal(AppendStatus.NotLeader, result.Status);
        Assert.Equal(leader.SelfId, result.LeaderId);
    }

    [Fact]
    public async Task Killing_the_leader_elects_a_new_one_and_appends_continue()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var first = await group.WaitForLeaderAsync();
        await first.CommitTextAsync("before");

        await group.StopAsync(first.SelfId);
        var second = await group.WaitForLeaderAsync();
        var after = await second.CommitTextAsync("after");

        Assert.NotEqual(first.SelfId, second.SelfId);
        await group.StartAsync(first.SelfId);
        await group.WaitForAppliedAsync(after.Index);
        Assert.Equal(["before", "after"], group.Machine(first.SelfId).Texts());
    }

    [Fact]
    public async Task An_isolated_leader_never_acknowledges_and_its_uncommitted_tail_vanishes_after_heal()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var old = await group.WaitForLeaderAsync();
        await old.CommitTextAsync("committed");

        group.Network.Isolate(TestGroup.EndPointOf(old.SelfId));
        var stranded = Enumerable.Range(0, 5).Select(i => old.AppendTextAsync($"stranded{i}").AsTask()).ToArray();
        var majorityLeader = await group.WaitForLeaderAsync(except: old.SelfId);
        var fresh = await majorityLeader.CommitTextAsync("majority");

        // The old leader loses its lease and steps down; none of its appends is ever acknowledged as committed.
        var outcomes = await Task.WhenAll(stranded).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(outcomes, o => Assert.NotEqual(AppendStatus.Committed, o.Status));

        group.Network.HealAll();
        await group.WaitForAppliedAsync(fresh.Index);
        foreach (var id in group.Ids)
        {
            Assert.Equal(["committed", "majority"], group.Machine(id).Texts());
        }
    }

    [Fact]
    public async Task Restarting_every_node_recovers_the_log()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();
        var last = default(AppendResult);
        for (var i = 0; i < 10; i++)
        {
            last = await leader.CommitTextAsync($"r{i}");
        }

        await group.WaitForAppliedAsync(last.Index);
        foreach (var id in group.Ids)
        {
            await group.StopAsync(id);
        }

        await group.StartAllAsync();
        var again = await group.WaitForLeaderAsync();
        var more = await again.CommitTextAsync("after-restart");
        await group.WaitForAppliedAsync(more.Index);

        var expected = Enumerable.Range(0, 10).Select(i => $"r{i}").Append("after-restart").ToArray();
        foreach (var id in group.Ids)
        {
            Assert.Equal(expected, group.Machine(id).Texts());
        }
    }

    [Fact]
    public async Task After_a_restart_entries_the_state_machine_already_reflects_are_skipped()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();
        var follower = group.Ids.First(id => id != leader.SelfId);
        var durable = new RecordingStateMachine { DurableThroughLastApplied = true };
        await group.StopAsync(follower);
        await group.StartAsync(follower, durable);
        var last = default(AppendResult);
        for (var i = 0; i < 5; i++)
        {
            last = await leader.CommitTextAsync($"k{i}");
        }

        await group.WaitForAppliedAsync(last.Index, ids: [follower]);
        await group.StopAsync(follower);

        // The same (durable) state machine comes back: re-applying anything at or below its checkpoint would throw
        // in RecordingStateMachine.ApplyAsync and stop the log, so the new record arriving proves the skip.
        await group.StartAsync(follower, durable);
        var next = await leader.CommitTextAsync("after");
        await group.WaitForAppliedAsync(next.Index, ids: [follower]);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"k{i}").Append("after"), durable.Texts());
    }

    [Fact]
    public async Task A_member_whose_state_machine_fails_reports_standby_and_the_group_goes_on()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();
        var broken = group.Ids.First(id => id != leader.SelfId);
        await group.StopAsync(broken);
        var node = await group.StartAsync(broken, new RecordingStateMachine { FailOn = "poison" });

        await leader.CommitTextAsync("poison");
        await WaitUntilAsync(() => node.State.Role == ReplicaRole.Standby);

        // The failing member may have disturbed the leader before it went to standby (its election timer runs
        // while its log is dead); whoever leads the healthy two now takes the next record.
        var healthy = await group.WaitForLeaderAsync(except: broken);
        var later = await healthy.AppendTextAsync("fine");
        if (later.Status == AppendStatus.NotLeader)
        {
            later = await (await group.WaitForLeaderAsync(except: broken)).CommitTextAsync("fine");
        }

        Assert.Equal(AppendStatus.Committed, later.Status);

        Assert.Equal(AppendStatus.Unavailable, (await node.AppendTextAsync("refused")).Status);
        await group.WaitForAppliedAsync(later.Index, ids: group.Ids.Where(id => id != broken));
        Assert.Empty(group.Machine(broken).Texts());
    }

    [Fact]
    public async Task A_single_node_group_leads_alone()
    {
        await using var group = new TestGroup(1);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();

        var result = await leader.CommitTextAsync("solo");

        Assert.Equal(["solo"], group.Machine("n0").Texts());
        Assert.True(result.Index > 0);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (!condition())
        {
            // A periodic check with a deadline, for states that have no event of their own.
            await tick.WaitForNextTickAsync(timeout.Token);
        }
    }
}
