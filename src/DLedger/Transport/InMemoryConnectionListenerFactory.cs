using System.Net;
using Microsoft.AspNetCore.Connections;

namespace RocketMQ.DLedger.Transport;

/// <summary>The listener factory of one node of an <see cref="InMemoryRaftNetwork"/>.</summary>
/// <remarks>Thread-safe. Binds only the node's own endpoint, so the hub always knows which node listens.</remarks>
internal sealed class InMemoryConnectionListenerFactory(InMemoryRaftNetwork network, EndPoint node)
    : IConnectionListenerFactory
{
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is not the node's endpoint.</exception>
    /// <exception cref="AddressInUseException">A listener is already bound to <paramref name="endpoint"/>.</exception>
    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!EqualityComparer<EndPoint>.Default.Equals(endpoint, node))
        {
            throw new ArgumentException($"This factory binds only {node}, not {endpoint}.", nameof(endpoint));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IConnectionListener>(network.Bind(endpoint));
    }
}
