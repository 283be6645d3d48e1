using System.Net;

namespace RocketMQ.DLedger.Transport;

/// <summary>
/// Which directions between nodes of an <see cref="InMemoryRaftNetwork"/> are cut. A direction
/// <c>from → to</c> is cut when bytes that <c>from</c> sends towards <c>to</c> are lost; a full partition
/// cuts both directions, a one-way drop only one.
/// </summary>
/// <remarks>
/// Not thread-safe: the hub guards every call with its lock. Endpoints compare with
/// <see cref="EqualityComparer{T}.Default"/> (value equality for <see cref="IPEndPoint"/>). A node can always
/// reach itself. An isolated node is cut from every node the table knows and from every node it learns later,
/// until <see cref="HealAll"/>; <see cref="Heal"/> reconnects one pair only.
/// </remarks>
internal sealed class InMemoryLinkTable
{
    private readonly HashSet<EndPoint> _known = [];
    private readonly HashSet<EndPoint> _isolated = [];
    private readonly HashSet<(EndPoint From, EndPoint To)> _cut = [];

    /// <summary>Whether bytes sent by <paramref name="from"/> towards <paramref name="to"/> are lost.</summary>
    public bool IsCut(EndPoint from, EndPoint to) => _cut.Contains((from, to));

    /// <summary>
    /// Records <paramref name="node"/> as a member of the network; a node met for the first time is cut from every
    /// isolated node (it has no connections yet, so nothing needs aborting).
    /// </summary>
    public void Learn(EndPoint node)
    {
        if (!_known.Add(node))
        {
            return;
        }

        foreach (var isolated in _isolated)
        {
            Cut(isolated, node);
            Cut(node, isolated);
        }
    }

    /// <summary>Cuts the direction <paramref name="from"/> → <paramref name="to"/>.</summary>
    /// <returns><see langword="true"/> when the direction was delivering before; <see langword="false"/> when it
    /// was already cut or both endpoints are the same node.</returns>
    public bool Cut(EndPoint from, EndPoint to)
    {
        Learn(from);
        Learn(to);
        return !EqualityComparer<EndPoint>.Default.Equals(from, to) && _cut.Add((from, to));
    }

    /// <summary>Cuts <paramref name="node"/> from every node, now and later, in both directions.</summary>
    /// <param name="node">The node to isolate.</param>
    /// <param name="newlyCut">Receives each peer with at least one direction that was delivering before.</param>
    public void Isolate(EndPoint node, List<EndPoint> newlyCut)
    {
        Learn(node);
        _isolated.Add(node);
        foreach (var peer in _known)
        {
            // Both calls must run: no short-circuit.
            if (Cut(node, peer) | Cut(peer, node))
            {
                newlyCut.Add(peer);
            }
        }
    }

    /// <summary>Restores both directions between <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <returns><see langword="true"/> when at least one direction was cut.</returns>
    public bool Heal(EndPoint a, EndPoint b)
    {
        // Learn first, so an isolation that would reach a node met only now is lifted too.
        Learn(a);
        Learn(b);
        return _cut.Remove((a, b)) | _cut.Remove((b, a));
    }

    /// <summary>Restores every direction and forgets every isolation.</summary>
    public void HealAll()
    {
        _cut.Clear();
        _isolated.Clear();
    }
}
