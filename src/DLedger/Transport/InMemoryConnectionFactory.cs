using System.Net;
using Microsoft.AspNetCore.Connections;

namespace RocketMQ.DLedger.Transport;

/// <summary>The connection factory of one node of an <see cref="InMemoryRaftNetwork"/>; every connection it makes
/// starts at that node.</summary>
/// <remarks>Thread-safe. See <see cref="InMemoryRaftNetwork.ConnectAsync"/> for the outcomes.</remarks>
internal sealed class InMemoryConnectionFactory(InMemoryRaftNetwork network, EndPoint owner) : IConnectionFactory
{
    public ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return network.ConnectAsync(owner, endpoint, cancellationToken);
    }
}
