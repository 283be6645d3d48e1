using RocketMQ.Jepsen.Cluster;

namespace RocketMQ.Jepsen.Nemesis;

/// <summary>
/// SIGSTOP of the leader or of a random node, SIGCONT when the fault ends. A paused leader keeps its sockets: peers
/// and clients connect and then hear nothing, and when it resumes it still believes it leads — the hard case.
/// </summary>
internal sealed class PauseFault : IFault
{
    public string Kind => "pause";

    public string? WhyUnavailable(ClusterUnderTest cluster) => null;

    public async Task<ActiveFault?> StartAsync(ClusterUnderTest cluster, Random random)
    {
        var leader = random.Next(10) < 7;
        var victim = leader
            ? await Targets.LeaderOrRandomAsync(cluster, random).ConfigureAwait(false)
            : Targets.Random(cluster, random);
        var process = cluster.Broker(victim.Index);
        if (!process.IsRunning)
        {
            return null;
        }

        process.Pause();
        return new ActiveFault(Kind, [victim.Id], leader ? "SIGSTOP of the leader" : "SIGSTOP of a random node",
            () =>
            {
                process.Resume();
                return Task.CompletedTask;
            });
    }
}
