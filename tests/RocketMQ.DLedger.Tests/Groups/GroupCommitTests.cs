using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.Tests.Groups;

public class GroupCommitTests
{
    [Fact]
    public async Task Concurrent_appends_share_entries_and_each_gets_its_own_address()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();

        var probes = Enumerable.Range(0, 500).Select(_ => new ApplyProbe()).ToArray();
        var results = await Task.WhenAll(probes.Select((p, i) => leader.AppendTextAsync($"c{i}", p).AsTask()));

        Assert.All(results, r => Assert.True(r.IsCommitted));
        Assert.Equal(results.Length, results.Select(r => (r.Index, r.Ordinal)).Distinct().Count());
        Assert.True(results.Select(r => r.Index).Distinct().Count() < results.Length / 2,
            "500 concurrent appends should coalesce into far fewer entries");
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(results[i].Index, probes[i].SeenIndex);
        }

        await group.WaitForAppliedAsync(results.Max(r => r.Index));
        var leaderRecords = group.Machine(leader.SelfId).Records;
        foreach (var id in group.Ids)
        {
            Assert.Equal(leaderRecords.Select(r => (r.Index, r.Ordinal, r.Text)),
                group.Machine(id).Records.Select(r => (r.Index, r.Ordinal, r.Text)));
        }

        var byAddress = leaderRecords.ToDictionary(r => (r.Index, r.Ordinal), r => r.Text);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($"c{i}", byAddress[(results[i].Index, results[i].Ordinal)]);
        }
    }

    [Fact]
    public async Task A_record_larger_than_a_batch_is_refused_and_nothing_is_appended()
    {
        await using var group = new TestGroup(1);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();

        var huge = new byte[new DLedgerOptions().MaxBatchBytes];
        var result = await leader.AppendAsync(TestGroup.Kind, huge, null, CancellationToken.None);

        Assert.Equal(AppendStatus.TooLarge, result.Status);
        Assert.Empty(group.Machine("n0").Records);
    }

    [Fact]
    public async Task A_full_disk_refuses_appends_and_gives_up_leadership()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();
        await leader.CommitTextAsync("fine");

        leader.FreeDiskBytes = () => 1024;
        var refused = await leader.AppendTextAsync("no room");
        var successor = await group.WaitForLeaderAsync(except: leader.SelfId);
        var later = await successor.CommitTextAsync("elsewhere");

        Assert.Equal(AppendStatus.Unavailable, refused.Status);
        Assert.Equal(AppendStatus.Unavailable, (await leader.AppendTextAsync("still no room")).Status);
        Assert.Equal(ReplicaRole.Standby, leader.State.Role);

        leader.FreeDiskBytes = () => long.MaxValue;
        await group.WaitForAppliedAsync(later.Index);
        Assert.Equal(["fine", "elsewhere"], group.Machine(leader.SelfId).Texts());
    }

    [Fact]
    public async Task A_follower_out_of_disk_space_takes_no_entries_and_catches_up_once_space_is_back()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();
        var first = await leader.CommitTextAsync("before");
        var full = group.Running.First(n => n != leader);
        await group.WaitForAppliedAsync(first.Index, ids: [full.SelfId]);

        full.FreeDiskBytes = () => 1024;
        await ElectionAndFailoverTests.WaitUntilAsync(() => full.State.Role == ReplicaRole.Standby);
        var appliedWhenFull = full.LastAppliedIndex;
        var during = await leader.CommitTextAsync("while the follower is full");

        Assert.True(leader.State.IsLeader);
        Assert.Equal(appliedWhenFull, full.LastAppliedIndex);
        Assert.Equal(["before"], group.Machine(full.SelfId).Texts());

        full.FreeDiskBytes = () => long.MaxValue;
        await group.WaitForAppliedAsync(during.Index, ids: [full.SelfId]);
        Assert.Equal(["before", "while the follower is full"], group.Machine(full.SelfId).Texts());
        Assert.NotEqual(ReplicaRole.Standby, full.State.Role);
    }
}
