using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;

namespace RocketMQ.DLedger.Transport;

/// <summary>
/// One in-memory connection of an <see cref="InMemoryRaftNetwork"/>: two <see cref="Pipe"/>s forming a duplex
/// pair, with a <see cref="ConnectionContext"/> for the node that connected (<see cref="ClientSide"/>) and one for
/// the node that accepted (<see cref="ServerSide"/>).
/// </summary>
/// <remarks>
/// <para>Abort is the only way a connection ends, and it ends both sides: <see cref="Abort"/> may be called from
/// any thread, any number of times; the first call wins. It never completes the inner pipes (their single
/// reader and writer belong to the two sides); it latches a flag the side wrappers check and wakes pending reads
/// and flushes, so each side's next read or flush throws the abort reason.</para>
/// <para>When <see cref="ServerOutputDiscarded"/> is set (the connection was made while the server → client
/// direction was dropped), everything the server writes is discarded for the connection's whole lifetime, so no
/// frame is ever cut in half.</para>
/// </remarks>
internal sealed class InMemoryConnection
{
    private static readonly PipeOptions PipeSettings = new(useSynchronizationContext: false);

    private readonly InMemoryRaftNetwork _network;
    private readonly Pipe _toServer = new(PipeSettings);
    private readonly Pipe _toClient = new(PipeSettings);
    private readonly CancellationTokenSource _closed = new();
    private ConnectionAbortedException? _abortReason;
    private int _aborted;

    public InMemoryConnection(
        InMemoryRaftNetwork network,
        InMemoryConnectionListener listener,
        long id,
        EndPoint client,
        EndPoint server,
        bool serverOutputDiscarded)
    {
        _network = network;
        Listener = listener;
        Client = client;
        Server = server;
        ServerOutputDiscarded = serverOutputDiscarded;
        var clientPipe = new DuplexPipe(
            new InMemoryPipeReader(_toClient.Reader, this),
            new InMemoryPipeWriter(_toServer.Writer, this));
        var serverPipe = new DuplexPipe(
            new InMemoryPipeReader(_toServer.Reader, this),
            new InMemoryPipeWriter(serverOutputDiscarded ? null : _toClient.Writer, this));
        ClientSide = new InMemoryConnectionContext(this, $"mem-{id}-client", client, server, clientPipe);
        ServerSide = new InMemoryConnectionContext(this, $"mem-{id}-server", server, client, serverPipe);
    }

    /// <summary>The listener that accepts (or accepted) this connection.</summary>
    public InMemoryConnectionListener Listener { get; }

    /// <summary>The Raft endpoint of the node that initiated the connection.</summary>
    public EndPoint Client { get; }

    /// <summary>The endpoint of the listener the connection was made to.</summary>
    public EndPoint Server { get; }

    /// <summary>Whether everything the server side writes is discarded (a one-way drop server → client).</summary>
    public bool ServerOutputDiscarded { get; }

    /// <summary>The side returned by <see cref="IConnectionFactory.ConnectAsync"/>.</summary>
    public InMemoryConnectionContext ClientSide { get; }

    /// <summary>The side returned by <see cref="IConnectionListener.AcceptAsync"/>.</summary>
    public InMemoryConnectionContext ServerSide { get; }

    /// <summary>Fires once, on the first <see cref="Abort"/>.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Whether the connection has been aborted; never reverts to <see langword="false"/>.</summary>
    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>Whether the connection joins <paramref name="a"/> and <paramref name="b"/>, in either
    /// direction of initiation.</summary>
    public bool Joins(EndPoint a, EndPoint b)
    {
        var comparer = EqualityComparer<EndPoint>.Default;
        return (comparer.Equals(Client, a) && comparer.Equals(Server, b))
            || (comparer.Equals(Client, b) && comparer.Equals(Server, a));
    }

    /// <summary>A new exception for a read or flush to throw once the connection is aborted (one instance per
    /// throw: the sides throw on different threads), carrying the abort reason as its inner exception.</summary>
    public ConnectionAbortedException AbortException()
    {
        var reason = Volatile.Read(ref _abortReason);
        return reason is null
            ? new ConnectionAbortedException("The in-memory connection was aborted.")
            : new ConnectionAbortedException(reason.Message, reason);
    }

    /// <summary>Ends the connection for both sides; see the type's remarks. Must not be called under the
    /// hub's lock (it takes it, and it runs <see cref="Closed"/> callbacks inline).</summary>
    public void Abort(ConnectionAbortedException reason)
    {
        // Publish the reason before the flag so every side that sees the flag sees the reason.
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        // Pending reads and flushes return "canceled"; the wrappers see the flag and throw instead.
        _toServer.Reader.CancelPendingRead();
        _toClient.Reader.CancelPendingRead();
        _toServer.Writer.CancelPendingFlush();
        _toClient.Writer.CancelPendingFlush();
        _network.Forget(this);
        _closed.Cancel();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
