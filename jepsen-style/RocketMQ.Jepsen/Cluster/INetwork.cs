namespace RocketMQ.Jepsen.Cluster;

/// <summary>
/// How the nodes of the cluster under test reach each other, and the packet faults between them. A link is directed:
/// dropping (a → b) loses every packet a sends to b, so a two-way partition is both directions.
/// </summary>
/// <remarks>Called from one thread at a time (the nemesis and the cluster's setup/teardown).</remarks>
internal interface INetwork : IAsyncDisposable
{
    /// <summary>What a report calls this mode ("netns", "loopback").</summary>
    string Mode { get; }

    /// <summary>Whether <see cref="DropAsync"/> works here (loopback without a proxy cannot drop packets).</summary>
    bool CanPartition { get; }

    /// <summary>The IP address node <paramref name="node"/> listens on and is reached at.</summary>
    string AddressOf(int node);

    /// <summary>The network namespace node <paramref name="node"/> runs in, or null for the host's.</summary>
    string? NamespaceOf(int node);

    /// <summary>The address the brokers reach the runner's name server at (its port is the caller's).</summary>
    string NameServerHost { get; }

    /// <summary>Creates what the nodes need (namespaces, bridge); undone by <see cref="IAsyncDisposable.DisposeAsync"/>.</summary>
    Task SetUpAsync(int nodes);

    /// <summary>Drops every packet on each link (from → to), in addition to links already dropped.</summary>
    Task DropAsync(IReadOnlyCollection<(int From, int To)> links);

    /// <summary>Restores every link.</summary>
    Task HealAsync();
}
