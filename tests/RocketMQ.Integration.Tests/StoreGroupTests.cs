using RocketMQ.Store;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;
using Xunit.Abstractions;

namespace RocketMQ.Integration.Tests;

/// <summary>
/// The store on a real three-member Raft group (DotNext, in-memory transport): every replica projects the same
/// ConsumeQueues, followers serve reads, acknowledged messages keep their offsets across a failover, and a replica
/// behind the retention boundary is brought back with the leader's snapshot (decisions 3, 6, 9).
/// </summary>
public sealed class StoreGroupTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_replica_projects_the_same_queues_and_followers_serve_reads()
    {
        await using var group = new StoreGroup();
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync(Deadline);
        var acks = await PutAsync(group, "T", 200);
        await group.WaitForAppliedAsync(group.MaxAppliedIndex, Deadline);

        foreach (var id in StoreGroup.Ids)
        {
            await AssertHoldsAsync(group.Store(id), "T", acks, $"replica {id}");
        }
    }

    [Fact]
    public async Task Acknowledged_messages_keep_their_offsets_across_a_failover()
    {
        await using var group = new StoreGroup();
        await group.StartAllAsync();
        var first = await group.WaitForLeaderAsync(Deadline);
        var before = await PutAsync(group, "T", 100);

        await group.StopAsync(first);
        var second = await group.WaitForLeaderAsync(Deadline);
        output.WriteLine($"leader {first} stopped, {second} took over");
        var after = await PutAsync(group, "T", 100);
        Assert.True(after[0].QueueOffset > before[^1].QueueOffset);

        await group.StartAsync(first);
        await group.WaitForAppliedAsync(group.MaxAppliedIndex, Deadline);
        foreach (var id in StoreGroup.Ids)
        {
            await AssertHoldsAsync(group.Store(id), "T", [.. before, .. after], $"replica {id}");
        }
    }

    [Fact]
    public async Task A_replica_behind_the_retention_boundary_installs_the_snapshot_and_serves_what_follows()
    {
        await using var group = new StoreGroup();
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync(Deadline);
        var lagging = StoreGroup.Ids.First(id => id != leader);
        await PutAsync(group, "T", 50);
        await group.WaitForAppliedAsync(group.MaxAppliedIndex, Deadline);
        var laggingApplied = group.Store(lagging).AppliedIndex;
        await group.StopAsync(lagging);

        // More than two retention intervals (1 MiB) of log while the replica is away, then force retention.
        await PutAsync(group, "T", 3_000, bodyBytes: 1024);
        foreach (var id in group.Running)
        {
            group.Store(id).Checkpoint();
        }

        // Above the forced-clean ratio each run moves the boundary one retention point; run until it passes the
        // replica that is away.
        group.DiskUsage = 0.95;
        foreach (var id in group.Running)
        {
            var store = group.Store(id);
            for (var run = 0; run < 16 && (store.Snapshot?.Index ?? 0) <= laggingApplied; run++)
            {
                store.RunRetention();
            }

            Assert.True(store.Snapshot?.Index > laggingApplied, $"{id}: boundary {store.Snapshot?.Index}");
        }

        // Above diskSpaceWarningLevelRatio puts are refused with a clear status while reads go on.
        leader = await group.WaitForLeaderAsync(Deadline);
        var refused = await group.Store(leader).PutMessageAsync(new MessageToStore { Topic = "T", Body = new byte[8] });
        Assert.Equal(PutMessageStatus.ServiceNotAvailable, refused.Status);
        Assert.Contains("disk is full", refused.Remark, StringComparison.Ordinal);
        using (var read = await group.Store(leader).GetMessagesAsync("T", 0,
                   group.Store(leader).GetMaxOffsetInQueue("T", 0) - 1, 1))
        {
            Assert.Equal(GetMessageStatus.Found, read.Status);
        }

        group.DiskUsage = 0.10;
        foreach (var id in group.Running)
        {
            group.Store(id).RunRetention();
        }

        var boundary = group.Running.Min(id => group.Store(id).Snapshot!.Index);
        var tail = await PutAsync(group, "T", 20);
        output.WriteLine($"retention boundary at index {boundary}; restarting {lagging}");

        await group.StartAsync(lagging);
        await group.WaitForAppliedAsync(group.MaxAppliedIndex, Deadline);
        var replica = group.Store(lagging);
        Assert.True(replica.Snapshot?.Index >= boundary, "the lagging replica should have installed a snapshot");
        var other = group.Running.First(id => id != lagging);
        Assert.Equal(group.Store(other).GetMaxOffsetInQueue("T", 0), replica.GetMaxOffsetInQueue("T", 0));
        await AssertHoldsAsync(replica, "T", tail, $"replica {lagging} after the snapshot");

        // What lies below the boundary never reached this replica: its queue starts where the snapshot left it.
        var min = replica.GetMinOffsetInQueue("T", 0);
        Assert.True(min > 0);
        using var below = await replica.GetMessagesAsync("T", 0, min - 1, 1);
        Assert.Equal(GetMessageStatus.OffsetTooSmall, below.Status);
    }

    /// <summary>
    /// Puts <paramref name="count"/> messages, 50 in flight, retrying what a leadership change makes retriable (on a
    /// loaded 2-core box a sub-second election timer can fire under load) — as producers retry.
    /// </summary>
    private static async Task<List<PutMessageResult>> PutAsync(StoreGroup group, string topic, int count,
        int bodyBytes = 64)
    {
        var results = new List<PutMessageResult>();
        var remaining = count;
        while (remaining > 0)
        {
            var store = group.Store(await group.WaitForLeaderAsync(Deadline));
            var batch = Enumerable.Range(0, Math.Min(50, remaining)).Select(_ => store.PutMessageAsync(new MessageToStore
            {
                Topic = topic,
                QueueId = 0,
                Properties = $"UNIQ_KEY\u0001{Guid.NewGuid():N}\u0002",
                Body = new byte[bodyBytes],
            }).AsTask()).ToList();
            foreach (var put in batch)
            {
                var result = await put.WaitAsync(Deadline);
                Assert.True(result.IsOk || result.Status is PutMessageStatus.NotLeader or PutMessageStatus.OutcomeUnknown,
                    $"{result.Status}: {result.Remark}");
                if (result.IsOk)
                {
                    results.Add(result);
                    remaining--;
                }
            }
        }

        return [.. results.OrderBy(r => r.QueueOffset)];
    }

    private static async Task AssertHoldsAsync(MessageStore store, string topic, IReadOnlyList<PutMessageResult> acks,
        string context)
    {
        foreach (var ack in acks)
        {
            using var read = await store.GetMessagesAsync(topic, 0, ack.QueueOffset, 1);
            Assert.True(read.Status == GetMessageStatus.Found, $"{context}: offset {ack.QueueOffset} {read.Status}");
            Assert.Equal(ack.CommitLogOffset, read.Slots[0].CommitLogOffset);
        }
    }
}
