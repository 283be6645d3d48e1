using RocketMQ.Jepsen.Cluster;

namespace RocketMQ.Jepsen.Nemesis;

/// <summary>Choosing whom a fault hits: the current leader, or a node drawn from the run's seeded random.</summary>
internal static class Targets
{
    /// <summary>The leader, or a random running node when no leader answers (the fault still has to land).</summary>
    public static async Task<NodeSpec> LeaderOrRandomAsync(ClusterUnderTest cluster, Random random) =>
        await cluster.FindLeaderAsync().ConfigureAwait(false) ?? Random(cluster, random);

    public static NodeSpec Random(ClusterUnderTest cluster, Random random) =>
        cluster.Nodes[random.Next(cluster.Nodes.Count)];

    public static IReadOnlyList<string> Ids(IEnumerable<NodeSpec> nodes) => [.. nodes.Select(node => node.Id)];
}
