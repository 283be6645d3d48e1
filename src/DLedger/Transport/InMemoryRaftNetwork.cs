using System.Net;
using Microsoft.AspNetCore.Connections;

namespace RocketMQ.DLedger.Transport;

/// <summary>
/// An in-memory network for the Raft traffic of several nodes in one process (tests), with faults: isolate a node,
/// partition two sides, drop one direction, heal.
/// </summary>
/// <remarks>
/// <para><b>Fault model.</b> Nodes are named by their Raft endpoint; endpoints compare by value
/// (<see cref="EqualityComparer{T}.Default"/>, so two equal <see cref="IPEndPoint"/>s are one node). Each ordered
/// pair of distinct nodes is a direction that delivers or is cut; a node always reaches itself.
/// Connections behave like TCP over such links:</para>
/// <list type="bullet">
/// <item>Connecting along a cut direction never completes: the attempt waits until its token is cancelled (a SYN to
/// an unreachable host), then throws <see cref="OperationCanceledException"/>. Connecting to an endpoint nobody
/// listens on throws a <see cref="System.Net.Sockets.SocketException"/> with
/// <see cref="System.Net.Sockets.SocketError.ConnectionRefused"/> at once.</item>
/// <item>Cutting a direction aborts every open connection between the two nodes, whichever started it, so
/// in-flight requests fail at once instead of timing out.</item>
/// <item>While only the direction <c>from → to</c> is cut, <c>to</c> can still connect to <c>from</c>, but
/// everything <c>from</c> writes on such a connection is discarded for the connection's whole lifetime:
/// <c>from</c> receives <c>to</c>'s requests and <c>to</c> never sees a reply. Healing aborts these
/// half-dead connections so that fresh ones are made.</item>
/// <item>Bytes on a connection that stays open are delivered whole and in order; a fault never drops part of a
/// frame. No randomness, no delays: outcomes depend only on the order of calls.</item>
/// </list>
/// <para><b>Thread-safety.</b> Every member may be called from any thread. Fault changes take effect for new
/// connections as soon as the call returns, and the aborts they cause have been issued by then.</para>
/// </remarks>
public sealed partial class InMemoryRaftNetwork
{
    private readonly Lock _lock = new();
    private readonly InMemoryLinkTable _links = new();

    /// <summary>Cuts <paramref name="node"/> from every other node in both directions, including nodes that
    /// first appear later, until <see cref="HealAll"/> (or <see cref="Heal"/> for one pair).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is <see langword="null"/>.</exception>
    public void Isolate(EndPoint node)
    {
        ArgumentNullException.ThrowIfNull(node);
        List<EndPoint> newlyCut = [];
        List<InMemoryConnection> doomed = [];
        lock (_lock)
        {
            _links.Isolate(node, newlyCut);
            foreach (var peer in newlyCut)
            {
                CollectBetweenLocked(node, peer, onlyDiscarding: false, doomed);
            }
        }

        AbortAll(doomed, $"{node} was isolated.");
    }

    /// <summary>Cuts both directions between every node of <paramref name="sideA"/> and every node of
    /// <paramref name="sideB"/>. Links within a side are left as they are; a node on both sides is not cut from
    /// itself.</summary>
    /// <exception cref="ArgumentNullException">A side is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A side contains a <see langword="null"/> endpoint.</exception>
    public void Partition(IReadOnlyCollection<EndPoint> sideA, IReadOnlyCollection<EndPoint> sideB)
    {
        ArgumentNullException.ThrowIfNull(sideA);
        ArgumentNullException.ThrowIfNull(sideB);
        if (sideA.Any(static node => node is null) || sideB.Any(static node => node is null))
        {
            throw new ArgumentException("A side of the partition contains a null endpoint.");
        }

        List<InMemoryConnection> doomed = [];
        lock (_lock)
        {
            foreach (var a in sideA)
            {
                foreach (var b in sideB)
                {
                    // Both calls must run: no short-circuit.
                    if (_links.Cut(a, b) | _links.Cut(b, a))
                    {
                        CollectBetweenLocked(a, b, onlyDiscarding: false, doomed);
                    }
                }
            }
        }

        AbortAll(doomed, "The network was partitioned.");
    }

    /// <summary>Loses every byte <paramref name="from"/> sends towards <paramref name="to"/>; bytes from
    /// <paramref name="to"/> to <paramref name="from"/> are still delivered (see the type's remarks for what
    /// that means for connections).</summary>
    /// <exception cref="ArgumentNullException">An endpoint is <see langword="null"/>.</exception>
    public void DropOneWay(EndPoint from, EndPoint to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        List<InMemoryConnection> doomed = [];
        lock (_lock)
        {
            if (_links.Cut(from, to))
            {
                CollectBetweenLocked(from, to, onlyDiscarding: false, doomed);
            }
        }

        AbortAll(doomed, $"Traffic {from} -> {to} is being dropped.");
    }

    /// <summary>Restores both directions between <paramref name="a"/> and <paramref name="b"/> and aborts the
    /// connections between them that were made while one direction was dropped. Other links, and the isolation
    /// of either node from other nodes, are unchanged.</summary>
    /// <exception cref="ArgumentNullException">An endpoint is <see langword="null"/>.</exception>
    public void Heal(EndPoint a, EndPoint b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        List<InMemoryConnection> doomed = [];
        lock (_lock)
        {
            if (_links.Heal(a, b))
            {
                CollectBetweenLocked(a, b, onlyDiscarding: true, doomed);
            }
        }

        AbortAll(doomed, $"The link {a} <-> {b} was healed.");
    }

    /// <summary>Restores every link, forgets every isolation, and aborts every connection that was made while a
    /// direction was dropped.</summary>
    public void HealAll()
    {
        List<InMemoryConnection> doomed = [];
        lock (_lock)
        {
            _links.HealAll();
            foreach (var connection in _connections)
            {
                if (connection.ServerOutputDiscarded)
                {
                    doomed.Add(connection);
                }
            }
        }

        AbortAll(doomed, "The network was healed.");
    }

    /// <summary>Whether bytes that <paramref name="from"/> sends towards <paramref name="to"/> are delivered
    /// now.</summary>
    /// <exception cref="ArgumentNullException">An endpoint is <see langword="null"/>.</exception>
    public bool CanDeliver(EndPoint from, EndPoint to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        lock (_lock)
        {
            // Learning first applies an isolation to a node the hub has not met yet.
            _links.Learn(from);
            _links.Learn(to);
            return !_links.IsCut(from, to);
        }
    }

    /// <summary>The listener factory to hand to DotNext for the node whose Raft endpoint is
    /// <paramref name="local"/>; it binds that endpoint only.</summary>
    internal IConnectionListenerFactory CreateListenerFactory(EndPoint local)
    {
        ArgumentNullException.ThrowIfNull(local);
        Learn(local);
        return new InMemoryConnectionListenerFactory(this, local);
    }

    /// <summary>The connection factory to hand to DotNext for the node whose Raft endpoint is
    /// <paramref name="local"/>; every connection it makes starts at that node.</summary>
    internal IConnectionFactory CreateConnectionFactory(EndPoint local)
    {
        ArgumentNullException.ThrowIfNull(local);
        Learn(local);
        return new InMemoryConnectionFactory(this, local);
    }

    private void Learn(EndPoint node)
    {
        lock (_lock)
        {
            _links.Learn(node);
        }
    }

    private static void AbortAll(List<InMemoryConnection> doomed, string reason)
    {
        // Outside the lock: an abort runs ConnectionClosed callbacks inline and calls Forget.
        foreach (var connection in doomed)
        {
            connection.Abort(new ConnectionAbortedException(reason));
        }
    }
}
