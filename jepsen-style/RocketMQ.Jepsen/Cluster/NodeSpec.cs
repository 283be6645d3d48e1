namespace RocketMQ.Jepsen.Cluster;

/// <summary>One broker of the group under test: its Raft member id, where it listens and where it keeps its files.
/// </summary>
/// <param name="Index">Position in the group (0-based), the order of the conf files.</param>
/// <param name="Id">dLegerSelfId (n0, n1, …): what reports and the history call the node.</param>
/// <param name="Host">The IP address it listens on.</param>
/// <param name="BrokerPort">listenPort: where clients reach it.</param>
/// <param name="RaftPort">Its port in dLegerPeers.</param>
/// <param name="DataDirectory">storePathRootDir under the run's directory.</param>
/// <param name="ConfPath">The rewritten broker.conf it is started with.</param>
internal sealed record NodeSpec(int Index, string Id, string Host, int BrokerPort, int RaftPort,
    string DataDirectory, string ConfPath)
{
    public string BrokerAddress => $"{Host}:{BrokerPort}";
}
