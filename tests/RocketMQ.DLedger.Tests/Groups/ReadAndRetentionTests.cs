using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.Tests.Groups;

public class ReadAndRetentionTests
{
    private sealed class Collector(long maxEntries) : IEntryVisitor
    {
        public List<(long Index, string[] Texts)> Entries { get; } = [];

        public bool Visit(in ReplicatedEntry entry)
        {
            var texts = new List<string>();
            foreach (var record in entry)
            {
                texts.Add(System.Text.Encoding.UTF8.GetString(record.Payload.Span));
            }

            Entries.Add((entry.Index, [.. texts]));
            return Entries.Count < maxEntries;
        }
    }

    [Fact]
    public async Task Reads_return_applied_entries_in_order_and_never_beyond_the_applied_index()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();
        var results = new List<AppendResult>();
        for (var i = 0; i < 10; i++)
        {
            results.Add(await leader.CommitTextAsync($"e{i}"));
        }

        await group.WaitForAppliedAsync(results[^1].Index);
        foreach (var node in group.Running)
        {
            var collector = new Collector(long.MaxValue);
            var read = await node.ReadAsync(1, long.MaxValue, collector, CancellationToken.None);

            Assert.Equal(ReadStatus.Found, read.Status);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"e{i}"), collector.Entries.SelectMany(e => e.Texts));
            Assert.Equal(results.Select(r => r.Index), collector.Entries.Select(e => e.Index));
            Assert.True(read.NextIndex > results[^1].Index);
            var beyond = await node.ReadAsync(node.LastAppliedIndex + 1, 1, collector, CancellationToken.None);
            Assert.Equal(ReadStatus.NotYetApplied, beyond.Status);
        }

        var limited = new Collector(3);
        var partial = await leader.ReadAsync(results[0].Index, long.MaxValue, limited, CancellationToken.None);
        Assert.Equal(3, partial.EntriesVisited);
        Assert.Equal(results[3].Index, partial.NextIndex);
    }

    [Fact]
    public async Task A_replica_behind_the_retention_boundary_receives_the_snapshot_then_the_rest()
    {
        await using var group = new TestGroup(3);
        await group.StartAllAsync();
        var leader = await group.WaitForLeaderAsync();
        var lagging = group.Ids.First(id => id != leader.SelfId);
        await leader.CommitTextAsync("seen by all");
        await group.StopAsync(lagging);

        var last = default(AppendResult);
        for (var i = 0; i < 5; i++)
        {
            last = await leader.CommitTextAsync($"missed{i}");
        }

        await group.WaitForAppliedAsync(last.Index);
        foreach (var node in group.Running)
        {
            group.Machine(node.SelfId).TakeSnapshot();
        }

        var tail = await leader.CommitTextAsync("after snapshot");
        var below = await leader.ReadAsync(1, long.MaxValue, new Collector(10), CancellationToken.None);
        Assert.Equal(ReadStatus.BelowRetention, below.Status);

        await group.StartAsync(lagging);
        await group.WaitForAppliedAsync(tail.Index);
        var expected = new[] { "seen by all" }.Concat(Enumerable.Range(0, 5).Select(i => $"missed{i}"))
            .Append("after snapshot");
        Assert.Equal(expected, group.Machine(lagging).Texts());
    }
}
