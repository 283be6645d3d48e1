using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace RocketMQ.DLedger.Transport;

/// <summary>
/// A bound endpoint of an <see cref="InMemoryRaftNetwork"/>: the hub queues the server side of each new connection
/// here, and <see cref="AcceptAsync"/> hands them out in order.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="UnbindAsync"/> and <see cref="DisposeAsync"/> are the same, idempotent operation: the
/// endpoint is released (later connects are refused at once), pending and later accepts return
/// <see langword="null"/>, and every connection this listener queued or accepted is aborted, as when a node stops.
/// </remarks>
internal sealed class InMemoryConnectionListener(InMemoryRaftNetwork network, EndPoint endPoint)
    : IConnectionListener
{
    private readonly Channel<InMemoryConnectionContext> _pending =
        Channel.CreateUnbounded<InMemoryConnectionContext>(new UnboundedChannelOptions { SingleReader = false });

    private volatile bool _unbound;

    public EndPoint EndPoint { get; } = endPoint;

    /// <summary>Queues a connection for <see cref="AcceptAsync"/>; <see langword="false"/> once unbound.</summary>
    /// <remarks>Never runs continuations inline, so the hub may call it under its lock.</remarks>
    public bool TryEnqueue(InMemoryConnectionContext serverSide) => !_unbound && _pending.Writer.TryWrite(serverSide);

    /// <summary>Marks the listener unbound and stops accepting; called by the hub under its lock.</summary>
    public void MarkUnbound()
    {
        _unbound = true;
        _pending.Writer.TryComplete();
    }

    /// <returns>The next connection, or <see langword="null"/> once the listener is unbound.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (await _pending.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_unbound)
            {
                break;
            }

            // Skip connections a partition aborted while they waited in the queue.
            if (_pending.Reader.TryRead(out var serverSide) && !serverSide.IsAborted)
            {
                return serverSide;
            }
        }

        return null;
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        network.Unbind(this);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        network.Unbind(this);
        return ValueTask.CompletedTask;
    }
}
