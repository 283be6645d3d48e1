using RocketMQ.Jepsen.Cluster;

namespace RocketMQ.Jepsen.Nemesis;

/// <summary>
/// kill -9 of the leader, of a random node, or of every node at once, restarted on its own data when the fault
/// ends: what is acknowledged must survive, and whole-group kills test recovery from each member's disk.
/// </summary>
internal sealed class KillFault : IFault
{
    public string Kind => "kill";

    public string? WhyUnavailable(ClusterUnderTest cluster) => null;

    public async Task<ActiveFault?> StartAsync(ClusterUnderTest cluster, Random random)
    {
        var variant = random.Next(10);
        List<NodeSpec> victims;
        string detail;
        if (variant < 6)
        {
            victims = [await Targets.LeaderOrRandomAsync(cluster, random).ConfigureAwait(false)];
            detail = "SIGKILL of the leader";
        }
        else if (variant < 9)
        {
            victims = [Targets.Random(cluster, random)];
            detail = "SIGKILL of a random node";
        }
        else
        {
            victims = [.. cluster.Nodes];
            detail = "SIGKILL of every node";
        }

        await Task.WhenAll(victims.Select(node => cluster.Broker(node.Index).KillAsync())).ConfigureAwait(false);
        return new ActiveFault(Kind, Targets.Ids(victims), detail + "; restarted when the fault ends", () =>
        {
            foreach (var node in victims.Where(node => !cluster.Broker(node.Index).IsRunning))
            {
                cluster.Broker(node.Index).Start();
            }

            return Task.CompletedTask;
        });
    }
}
