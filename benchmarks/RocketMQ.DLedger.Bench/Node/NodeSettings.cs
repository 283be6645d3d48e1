namespace RocketMQ.DLedger.Bench.Node;

/// <summary>What the <c>node</c> subcommand was given.</summary>
/// <param name="Peers"><c>dLegerPeers</c>: <c>n0-127.0.0.1:40911;n1-…</c>.</param>
/// <param name="SelfId">This member's id.</param>
/// <param name="Directory">Where the Raft log lives (created if missing).</param>
/// <param name="ClientPort">Loopback port of the bench remoting server (also the member's ClientAddress).</param>
/// <param name="PidFile">Where to write this process's id (for the failover driver), or null.</param>
/// <param name="ElectionTimeoutMinMs">Overrides <c>dLegerElectionTimeoutMinMs</c> when set.</param>
/// <param name="ElectionTimeoutMaxMs">Overrides <c>dLegerElectionTimeoutMaxMs</c> when set.</param>
internal sealed record NodeSettings(string Peers, string SelfId, string Directory, int ClientPort, string? PidFile,
    int? ElectionTimeoutMinMs, int? ElectionTimeoutMaxMs)
{
    public string ClientAddress => $"127.0.0.1:{ClientPort}";

    public DLedgerOptions ToOptions()
    {
        var options = new DLedgerOptions
        {
            Group = "bench",
            Peers = Peers,
            SelfId = SelfId,
            StoragePath = Path.GetFullPath(Directory),
            ClientAddress = ClientAddress,
        };
        options.ElectionTimeoutMinMs = ElectionTimeoutMinMs ?? options.ElectionTimeoutMinMs;
        options.ElectionTimeoutMaxMs = ElectionTimeoutMaxMs ?? options.ElectionTimeoutMaxMs;
        return options;
    }
}
