using Microsoft.Extensions.Logging;

namespace RocketMQ.Remoting.Transport;

/// <summary>
/// Source-generated log messages of the transports, next to <see cref="TransportLog"/>; EventIds 1010–1029
/// (inside the 1000–1099 range reserved for the remoting layer). Ids are stable: never renumber.
/// </summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(1010, LogLevel.Warning,
        "Connection {Id} {Remote} closed by the peer in the middle of a frame: {Bytes} bytes of a truncated " +
        "frame discarded")]
    public static partial void TruncatedFrame(ILogger logger, long id, string remote, long bytes);

    [LoggerMessage(1011, LogLevel.Error, "Connection {Id} {Remote}: channel listener {Event} failed")]
    public static partial void ListenerFailed(ILogger logger, Exception exception, long id, string remote,
        string @event);

    [LoggerMessage(1012, LogLevel.Warning, "Setting up an accepted connection failed")]
    public static partial void SetupFailed(ILogger logger, Exception exception);

    [LoggerMessage(1013, LogLevel.Information, "Remoting server on {EndPoint} stopped")]
    public static partial void ServerStopped(ILogger logger, string endPoint);

    [LoggerMessage(1014, LogLevel.Warning, "Connect to {Address} failed: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string address, string reason);
}
