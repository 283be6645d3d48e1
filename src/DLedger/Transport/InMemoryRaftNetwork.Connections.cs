using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace RocketMQ.DLedger.Transport;

// The plumbing behind the factories: listeners by endpoint and every open connection, both guarded by _lock.
// Lock order: _lock is the only lock; nothing that can run foreign code (aborts, cancellation callbacks,
// channel continuations) runs while it is held.
public sealed partial class InMemoryRaftNetwork
{
    private readonly Dictionary<EndPoint, InMemoryConnectionListener> _listeners = [];
    private readonly HashSet<InMemoryConnection> _connections = [];
    private long _nextConnectionId;

    /// <summary>Registers a listener on <paramref name="endpoint"/>.</summary>
    /// <exception cref="AddressInUseException">A listener is already bound to <paramref name="endpoint"/>.</exception>
    internal InMemoryConnectionListener Bind(EndPoint endpoint)
    {
        lock (_lock)
        {
            _links.Learn(endpoint);
            if (_listeners.ContainsKey(endpoint))
            {
                throw new AddressInUseException($"{endpoint} is already bound on this in-memory network.");
            }

            var listener = new InMemoryConnectionListener(this, endpoint);
            _listeners.Add(endpoint, listener);
            return listener;
        }
    }

    /// <summary>Releases the listener's endpoint and aborts every connection it queued or accepted;
    /// idempotent.</summary>
    internal void Unbind(InMemoryConnectionListener listener)
    {
        List<InMemoryConnection> doomed = [];
        lock (_lock)
        {
            if (_listeners.TryGetValue(listener.EndPoint, out var bound) && bound == listener)
            {
                _listeners.Remove(listener.EndPoint);
            }

            listener.MarkUnbound();
            foreach (var connection in _connections)
            {
                if (connection.Listener == listener)
                {
                    doomed.Add(connection);
                }
            }
        }

        AbortAll(doomed, $"The listener on {listener.EndPoint} was unbound.");
    }

    /// <summary>Opens a connection from node <paramref name="owner"/> to the listener on
    /// <paramref name="target"/>, following the fault model in the type's remarks.</summary>
    /// <returns>The client side; the server side is queued on the target's listener.</returns>
    /// <exception cref="SocketException"><see cref="SocketError.ConnectionRefused"/>: nothing listens on
    /// <paramref name="target"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the only way
    /// an attempt along a cut direction ends).</exception>
    internal async ValueTask<ConnectionContext> ConnectAsync(
        EndPoint owner,
        EndPoint target,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var outcome = TryConnect(owner, target, out var connection);
        switch (outcome)
        {
            case ConnectOutcome.Connected:
                return connection!.ClientSide;
            case ConnectOutcome.Refused:
                throw new SocketException((int)SocketError.ConnectionRefused);
            default:
                // Unreachable: no answer at all, like a SYN into a partition. The caller's timeout ends it.
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>Drops an aborted connection from the registry; called by <see cref="InMemoryConnection.Abort"/>.
    /// </summary>
    internal void Forget(InMemoryConnection connection)
    {
        lock (_lock)
        {
            _connections.Remove(connection);
        }
    }

    private ConnectOutcome TryConnect(EndPoint owner, EndPoint target, out InMemoryConnection? connection)
    {
        connection = null;
        lock (_lock)
        {
            _links.Learn(owner);
            _links.Learn(target);

            // A cut path hides even a missing listener: no reset comes back through a partition.
            if (_links.IsCut(owner, target))
            {
                return ConnectOutcome.Unreachable;
            }

            if (!_listeners.TryGetValue(target, out var listener))
            {
                return ConnectOutcome.Refused;
            }

            var id = ++_nextConnectionId;
            var discardReplies = _links.IsCut(target, owner);
            connection = new InMemoryConnection(this, listener, id, owner, target, discardReplies);
            if (!listener.TryEnqueue(connection.ServerSide))
            {
                connection = null;
                return ConnectOutcome.Refused;
            }

            _connections.Add(connection);
            return ConnectOutcome.Connected;
        }
    }

    private void CollectBetweenLocked(EndPoint a, EndPoint b, bool onlyDiscarding, List<InMemoryConnection> doomed)
    {
        foreach (var connection in _connections)
        {
            if (connection.Joins(a, b) && (!onlyDiscarding || connection.ServerOutputDiscarded))
            {
                doomed.Add(connection);
            }
        }
    }

    private enum ConnectOutcome
    {
        Connected,
        Refused,
        Unreachable,
    }
}
