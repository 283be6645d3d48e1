using RocketMQ.Jepsen.Cluster;

namespace RocketMQ.Jepsen.Nemesis;

/// <summary>A fault being applied: whom it hit, in words for the log, and how to undo it.</summary>
internal sealed record ActiveFault(string Kind, IReadOnlyList<string> Targets, string Detail, Func<Task> EndAsync);

/// <summary>One kind of fault the nemesis can inject (kill, pause, partition, …).</summary>
internal interface IFault
{
    /// <summary>The name used on the command line (<c>--nemesis kill,pause</c>) and in nemesis.jsonl.</summary>
    string Kind { get; }

    /// <summary>Why this fault cannot run on this cluster (e.g. partitions on loopback), or null.</summary>
    string? WhyUnavailable(ClusterUnderTest cluster);

    /// <summary>Applies one fault, choosing its variant and targets with <paramref name="random"/>; null when there is
    /// nothing to hit right now (e.g. no leader to isolate).</summary>
    Task<ActiveFault?> StartAsync(ClusterUnderTest cluster, Random random);
}
