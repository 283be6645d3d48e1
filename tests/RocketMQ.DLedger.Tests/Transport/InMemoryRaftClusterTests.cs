using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using RocketMQ.DLedger.Transport;
using static RocketMQ.DLedger.Tests.Transport.TransportTestKit;

namespace RocketMQ.DLedger.Tests.Transport;

/// <summary>Three DotNext Raft nodes over the in-memory hub: elections react to isolation and healing.</summary>
public class InMemoryRaftClusterTests
{
    private static readonly EqualityComparer<EndPoint> Same = EqualityComparer<EndPoint>.Default;

    [Fact]
    public async Task Isolated_leader_is_replaced_by_the_majority_and_steps_down_after_healing()
    {
        var hub = new InMemoryRaftNetwork();
        await using var group = await InMemoryRaftGroup.StartAsync(hub, [Node(1), Node(2), Node(3)]);

        await group.WaitUntilAsync(() => AgreedLeader(group.Nodes) is not null, Deadline, "a leader is elected");
        var oldLeader = AgreedLeader(group.Nodes)!;

        hub.Isolate(oldLeader);
        var majority = group.Nodes.Where(n => !Same.Equals(n.EndPoint, oldLeader)).ToList();
        await group.WaitUntilAsync(
            () => AgreedLeader(majority) is { } leader && !Same.Equals(leader, oldLeader),
            Deadline,
            "the majority elects a new leader");

        hub.HealAll();
        await group.WaitUntilAsync(
            () => AgreedLeader(group.Nodes) is { } leader && !Same.Equals(leader, oldLeader),
            Deadline,
            "the old leader follows the new one");
        var oldLeaderNode = group.Nodes.Single(n => Same.Equals(n.EndPoint, oldLeader)).Cluster;
        Assert.True(oldLeaderNode.Leader?.IsRemote, "the old leader must follow a remote leader");
    }

    /// <summary>The leader every given node sees, when they all see the same one; otherwise null.</summary>
    private static EndPoint? AgreedLeader(IEnumerable<(EndPoint EndPoint, RaftCluster Cluster)> nodes)
    {
        EndPoint? agreed = null;
        foreach (var (_, cluster) in nodes)
        {
            var leader = InMemoryRaftGroup.LeaderSeenBy(cluster);
            if (leader is null || (agreed is not null && !Same.Equals(agreed, leader)))
            {
                return null;
            }

            agreed = leader;
        }

        return agreed;
    }
}
