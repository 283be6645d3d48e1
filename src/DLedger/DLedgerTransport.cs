using RocketMQ.DLedger.Transport;

namespace RocketMQ.DLedger;

/// <summary>How a node's Raft traffic travels: TCP for real runs, or an in-memory network for tests.</summary>
public abstract class DLedgerTransport
{
    private DLedgerTransport()
    {
    }

    /// <summary>TCP on each peer's <c>dLegerPeers</c> endpoint.</summary>
    public static DLedgerTransport Tcp { get; } = new TcpTransport();

    /// <summary>The given in-memory network (which can partition, heal and drop links one way).</summary>
    public static DLedgerTransport InMemory(InMemoryRaftNetwork network) => new InMemoryTransport(network);

    internal sealed class TcpTransport : DLedgerTransport;

    internal sealed class InMemoryTransport(InMemoryRaftNetwork network) : DLedgerTransport
    {
        public InMemoryRaftNetwork Network => network;
    }
}
