namespace RocketMQ.Jepsen.Cluster;

/// <summary>
/// Every node on 127.0.0.1 with the ports of its conf file, for machines without root or network namespaces.
/// Kills, pauses and disk faults work; packets cannot be dropped, so partitions are refused up front.
/// </summary>
internal sealed class LoopbackNetwork : INetwork
{
    public string Mode => "loopback";

    public bool CanPartition => false;

    public string NameServerHost => "127.0.0.1";

    public string AddressOf(int node) => "127.0.0.1";

    public string? NamespaceOf(int node) => null;

    public Task SetUpAsync(int nodes) => Task.CompletedTask;

    public Task DropAsync(IReadOnlyCollection<(int From, int To)> links) =>
        throw new NotSupportedException("partitions need --network netns (root, iproute2, iptables)");

    public Task HealAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
