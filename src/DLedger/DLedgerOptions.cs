using RocketMQ.Common.Configuration;

namespace RocketMQ.DLedger;

/// <summary>
/// Identity and membership of one broker group's Raft group, under the <c>broker.conf</c> keys RocketMQ's
/// DLedger mode uses (<c>dLegerGroup</c>, <c>dLegerPeers</c>, <c>dLegerSelfId</c>), plus timing and log settings.
/// Membership is static: every member is configured with the same peer list. Defaults live here, each chosen from
/// measurements on a 2-core box (docs/performance.md); <see cref="Validate"/> names the broker.conf key of a bad value.
/// </summary>
public sealed partial class DLedgerOptions
{
    /// <summary><c>dLegerGroup</c>: the Raft group's name; by RocketMQ convention the broker name.</summary>
    public string Group { get; set; } = "";

    /// <summary><c>dLegerPeers</c>: every member as <c>id-host:port</c>, <c>;</c>-separated.</summary>
    public string Peers { get; set; } = "";

    /// <summary><c>dLegerSelfId</c>: this member's id; must be one of <see cref="Peers"/>.</summary>
    public string SelfId { get; set; } = "";

    /// <summary>Where this member keeps its Raft log (the host derives it from <c>storePathRootDir</c>).</summary>
    public string StoragePath { get; set; } = "";

    /// <summary>The parsed peer list (valid after <see cref="Validate"/>).</summary>
    public IReadOnlyList<DLedgerPeer> PeerList { get; private set; } = [];

    /// <summary>This member's entry of <see cref="PeerList"/> (valid after <see cref="Validate"/>).</summary>
    public DLedgerPeer Self { get; private set; } = new("", "", 0);

    /// <summary>Checks every setting and parses the peer list.</summary>
    /// <exception cref="ConfigurationException">The first invalid setting, keyed by its broker.conf name.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Group))
        {
            throw new ConfigurationException("dLegerGroup", "must be set (usually to the brokerName)");
        }

        var peers = DLedgerPeer.ParseList(Peers);
        if (string.IsNullOrWhiteSpace(SelfId))
        {
            throw new ConfigurationException("dLegerSelfId", "must be set to one of the dLegerPeers ids");
        }

        Self = peers.FirstOrDefault(p => p.Id == SelfId) ?? throw new ConfigurationException("dLegerSelfId",
            $"'{SelfId}' is not one of the dLegerPeers ids ({string.Join(", ", peers.Select(p => p.Id))})");
        if (string.IsNullOrWhiteSpace(StoragePath))
        {
            throw new ConfigurationException("storePathRootDir", "the DLedger storage path must be set");
        }

        PeerList = peers;
        ValidateTuning();
    }
}
