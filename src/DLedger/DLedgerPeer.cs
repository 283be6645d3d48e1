using System.Globalization;
using RocketMQ.Common.Configuration;

namespace RocketMQ.DLedger;

/// <summary>One member of a broker group's Raft group, as <c>dLegerPeers</c> names it: <c>id-host:port</c>.</summary>
/// <param name="Id">The member id (e.g. <c>n0</c>), matched against <c>dLegerSelfId</c>.</param>
/// <param name="Host">Host name or IP address of its Raft endpoint.</param>
/// <param name="Port">TCP port of its Raft endpoint.</param>
public sealed record DLedgerPeer(string Id, string Host, int Port)
{
    /// <summary>The key the peer list is configured under (RocketMQ's spelling, "Leger" included).</summary>
    public const string PeersKey = "dLegerPeers";

    public override string ToString() => $"{Id}-{Host}:{Port}";

    /// <summary>
    /// Parses RocketMQ's <c>n0-127.0.0.1:40911;n1-127.0.0.1:40912;n2-127.0.0.1:40913</c> (blanks around entries
    /// ignored, a trailing <c>;</c> allowed).
    /// </summary>
    /// <exception cref="ConfigurationException">Keyed <see cref="PeersKey"/>: an empty list, an entry that is not
    /// <c>id-host:port</c>, a bad port, or a repeated id or endpoint.</exception>
    public static IReadOnlyList<DLedgerPeer> ParseList(string? text)
    {
        var entries = (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0)
        {
            throw new ConfigurationException(PeersKey, "must name at least one peer as id-host:port;…");
        }

        var peers = new List<DLedgerPeer>(entries.Length);
        foreach (var entry in entries)
        {
            var peer = Parse(entry);
            if (peers.Any(p => p.Id == peer.Id))
            {
                throw new ConfigurationException(PeersKey, $"peer id '{peer.Id}' appears twice");
            }

            if (peers.Any(p => p.Port == peer.Port &&
                               string.Equals(p.Host, peer.Host, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ConfigurationException(PeersKey, $"endpoint {peer.Host}:{peer.Port} is used by two peers");
            }

            peers.Add(peer);
        }

        return peers;
    }

    private static DLedgerPeer Parse(string entry)
    {
        // The id ends at the first '-': ids are like n0, hosts may contain '-' (host names) but ids may not.
        var dash = entry.IndexOf('-', StringComparison.Ordinal);
        var colon = entry.LastIndexOf(':');
        if (dash <= 0 || colon <= dash + 1 || colon == entry.Length - 1)
        {
            throw new ConfigurationException(PeersKey, $"'{entry}' is not id-host:port");
        }

        var id = entry[..dash];
        var host = entry[(dash + 1)..colon].Trim('[', ']');
        if (!int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
            port is < 1 or > 65535)
        {
            throw new ConfigurationException(PeersKey, $"'{entry}' has an invalid port");
        }

        return new DLedgerPeer(id, host, port);
    }
}
