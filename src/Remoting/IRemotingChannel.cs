using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting;

/// <summary>
/// One connection as processors see it: no socket types, so processors run unchanged over TCP and over the
/// in-memory transport. Implementations are thread-safe; writes from several callers are serialized.
/// </summary>
public interface IRemotingChannel
{
    /// <summary>A process-unique id, stable for the life of the connection.</summary>
    long Id { get; }

    /// <summary>The peer's address as <c>ip:port</c> (or a synthetic name for in-memory channels).</summary>
    string RemoteAddress { get; }

    /// <summary>The local address as <c>ip:port</c>.</summary>
    string LocalAddress { get; }

    /// <summary>True until the connection closes for any reason.</summary>
    bool IsActive { get; }

    /// <summary>Cancelled when the connection closes.</summary>
    CancellationToken Closed { get; }

    /// <summary>
    /// Writes a response (or any command) without waiting for an answer. Used for responses produced later
    /// than the request's processing (long polling). Throws <see cref="RemotingConnectionException"/> when the
    /// channel is closed.
    /// </summary>
    ValueTask SendAsync(RemotingCommand command, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a request and waits for the response with the same opaque. Throws <see cref="TimeoutException"/>
    /// after <paramref name="timeout"/>, <see cref="RemotingConnectionException"/> when the channel closes first.
    /// </summary>
    Task<RemotingCommand> InvokeAsync(
        RemotingCommand request, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Marks <paramref name="request"/> oneway and sends it; no response is expected.</summary>
    ValueTask InvokeOnewayAsync(RemotingCommand request, CancellationToken cancellationToken = default);

    /// <summary>Closes the connection; <paramref name="reason"/> is logged. Idempotent.</summary>
    void Close(string reason);
}
