using RocketMQ.Jepsen.Cluster;

namespace RocketMQ.Jepsen.Nemesis;

/// <summary>
/// Network partitions between the brokers (clients and the name server still reach every node, as a client
/// network separate from the replication network would): the leader isolated from its peers, random halves, a
/// bridge (two nodes that cannot talk but both reach a third — the majorities ring of three), or a one-way drop
/// (the leader's packets to its peers lost, theirs still arriving). Healed when the fault ends.
/// </summary>
internal sealed class PartitionFault : IFault
{
    public string Kind => "partition";

    public string? WhyUnavailable(ClusterUnderTest cluster) => cluster.Network.CanPartition
        ? null
        : $"partitions cannot be made on the {cluster.Network.Mode} network (run as root for network namespaces)";

    public async Task<ActiveFault?> StartAsync(ClusterUnderTest cluster, Random random)
    {
        var nodes = cluster.Nodes.Count;
        var leader = await Targets.LeaderOrRandomAsync(cluster, random).ConfigureAwait(false);
        var others = cluster.Nodes.Where(node => node != leader).ToList();
        var (links, targets, detail) = random.Next(4) switch
        {
            0 => (Isolate([leader.Index], nodes), [leader], $"{leader.Id} (leader) isolated from its peers"),
            1 => Halves(cluster, random),
            2 => Bridge(cluster, random),
            _ => (others.Select(other => (leader.Index, other.Index)).ToList(), new List<NodeSpec> { leader },
                $"one-way: packets from {leader.Id} (leader) to its peers dropped"),
        };
        await cluster.Network.DropAsync(links).ConfigureAwait(false);
        return new ActiveFault(Kind, Targets.Ids(targets), detail, cluster.Network.HealAsync);
    }

    /// <summary>Both directions between every node of <paramref name="side"/> and every node outside it.</summary>
    private static List<(int, int)> Isolate(IReadOnlyCollection<int> side, int nodes)
    {
        var links = new List<(int, int)>();
        foreach (var inside in side)
        {
            for (var outside = 0; outside < nodes; outside++)
            {
                if (!side.Contains(outside))
                {
                    links.Add((inside, outside));
                    links.Add((outside, inside));
                }
            }
        }

        return links;
    }

    private static (List<(int, int)>, List<NodeSpec>, string) Halves(ClusterUnderTest cluster, Random random)
    {
        var shuffled = cluster.Nodes.OrderBy(_ => random.Next()).ToList();
        var minority = shuffled.Take(cluster.Nodes.Count / 2).ToList();
        var majority = shuffled.Skip(minority.Count).ToList();
        return (Isolate([.. minority.Select(node => node.Index)], cluster.Nodes.Count), minority,
            $"halves: [{string.Join(',', minority.Select(n => n.Id))}] | [{string.Join(',', majority.Select(n => n.Id))}]");
    }

    private static (List<(int, int)>, List<NodeSpec>, string) Bridge(ClusterUnderTest cluster, Random random)
    {
        var shuffled = cluster.Nodes.OrderBy(_ => random.Next()).ToList();
        var (a, b) = (shuffled[0], shuffled[1]);
        return ([(a.Index, b.Index), (b.Index, a.Index)], [a, b],
            $"bridge: {a.Id} and {b.Id} cut from each other, both reach the rest");
    }
}
