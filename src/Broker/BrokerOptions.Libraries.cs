using System.Globalization;
using System.Net;
using RocketMQ.DLedger;
using RocketMQ.Store;

namespace RocketMQ.Broker;

/// <summary>The store's and the Raft log's settings, bound from the same broker.conf.</summary>
public sealed partial class BrokerOptions
{
    /// <summary>MessageStoreConfig keys (maxMessageSize, fileReservedTime, deleteWhen, …); paths and the store host
    /// are filled in from the broker's own keys by <see cref="ToStoreOptions"/>.</summary>
    public MessageStoreOptions Store { get; } = new();

    /// <summary>DLedger keys (timeouts, batch sizes, …); group, peers, self id and paths come from the broker's keys
    /// by <see cref="ToDLedgerOptions"/>.</summary>
    public DLedgerOptions DLedger { get; } = new();

    /// <summary>The store's options with the broker's paths and address applied.</summary>
    public MessageStoreOptions ToStoreOptions()
    {
        Store.StorePathRootDir = StorePathRootDir;
        Store.StoreHost = new IPEndPoint(IPAddress.TryParse(BrokerIP1, out var ip) ? ip : IPAddress.Loopback,
            ListenPort == 0 ? 10911 : ListenPort);
        return Store;
    }

    /// <summary>
    /// The Raft member's options: the configured group, or a group of one (this broker alone, on a port next to the
    /// client port) when DLedger is not configured.
    /// </summary>
    public DLedgerOptions ToDLedgerOptions()
    {
        DLedger.Group = string.IsNullOrWhiteSpace(DLegerGroup) ? BrokerName : DLegerGroup;
        DLedger.SelfId = DLegerSelfId;
        DLedger.Peers = !string.IsNullOrWhiteSpace(DLegerPeers) && EnableDLegerCommitLog
            ? DLegerPeers
            : string.Create(CultureInfo.InvariantCulture, $"{DLegerSelfId}-127.0.0.1:{SoloRaftPort}");
        DLedger.StoragePath = Path.Combine(StorePathCommitLog ?? Path.Combine(StorePathRootDir, "commitlog"),
            "dledger-" + DLegerSelfId);
        DLedger.ClientAddress = BrokerAddress;
        return DLedger;
    }

    /// <summary>A group of one still needs a Raft endpoint; it takes the client port + 1 (RocketMQ's HA port).</summary>
    private int SoloRaftPort => ListenPort is > 0 and < 65535 ? ListenPort + 1 : 10912;

    /// <summary>
    /// The member's position among the peers (n0 → 0): followers register with the name server as brokerId
    /// position + 1 (decision 7), so ids stay stable across restarts and distinct within the group.
    /// </summary>
    public int SelfPosition
    {
        get
        {
            var peers = ToDLedgerOptions().PeerList;
            for (var i = 0; i < peers.Count; i++)
            {
                if (peers[i].Id == DLegerSelfId)
                {
                    return i;
                }
            }

            return 0;
        }
    }
}
