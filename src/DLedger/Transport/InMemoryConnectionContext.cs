using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace RocketMQ.DLedger.Transport;

/// <summary>
/// One side of an <see cref="InMemoryConnection"/> as ASP.NET Core's connection abstractions see it.
/// </summary>
/// <remarks>
/// <see cref="Abort(ConnectionAbortedException)"/> and <see cref="DisposeAsync"/> both abort the whole
/// connection (there is no half-close): the peer's reads end with a <see cref="ConnectionAbortedException"/>
/// and <see cref="ConnectionClosed"/> fires on both sides. Both are idempotent and thread-safe.
/// </remarks>
internal sealed class InMemoryConnectionContext : ConnectionContext
{
    private readonly InMemoryConnection _connection;

    public InMemoryConnectionContext(
        InMemoryConnection connection,
        string connectionId,
        EndPoint local,
        EndPoint remote,
        IDuplexPipe transport)
    {
        _connection = connection;
        ConnectionId = connectionId;
        Transport = transport;
        ConnectionClosed = connection.Closed;
        LocalEndPoint = local;
        RemoteEndPoint = remote;
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed { get; set; }

    public override EndPoint? LocalEndPoint { get; set; }

    public override EndPoint? RemoteEndPoint { get; set; }

    /// <summary>Whether the connection this side belongs to has been aborted (by either side or the hub).</summary>
    public bool IsAborted => _connection.IsAborted;

    public override void Abort(ConnectionAbortedException abortReason) => _connection.Abort(abortReason);

    public override ValueTask DisposeAsync()
    {
        _connection.Abort(new ConnectionAbortedException($"Connection {ConnectionId} was disposed."));
        return ValueTask.CompletedTask;
    }
}
