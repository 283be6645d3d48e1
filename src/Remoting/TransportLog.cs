using Microsoft.Extensions.Logging;

namespace RocketMQ.Remoting;

/// <summary>Source-generated log messages of the remoting layer; EventIds 1000–1099 are reserved for it.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(1000, LogLevel.Information, "Connection {Id} {Remote} opened")]
    public static partial void ConnectionOpened(ILogger logger, long id, string remote);

    [LoggerMessage(1001, LogLevel.Information, "Connection {Id} {Remote} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, long id, string remote, string reason);

    [LoggerMessage(1002, LogLevel.Warning, "Connection {Id} {Remote} closed on a protocol error: {Reason}")]
    public static partial void ProtocolError(ILogger logger, long id, string remote, string reason);

    [LoggerMessage(1003, LogLevel.Debug, "Connection {Id} {Remote}: response with unknown opaque {Opaque} dropped " +
        "(its request timed out or was never sent)")]
    public static partial void UnknownResponse(ILogger logger, long id, string remote, int opaque);

    [LoggerMessage(1004, LogLevel.Warning, "Request code {Code} from {Remote} is not supported")]
    public static partial void RequestCodeNotSupported(ILogger logger, int code, string remote);

    [LoggerMessage(1005, LogLevel.Error, "Processor for request code {Code} from {Remote} failed")]
    public static partial void ProcessorFailed(ILogger logger, Exception exception, int code, string remote);

    [LoggerMessage(1006, LogLevel.Error, "Connection {Id} {Remote}: could not encode command code {Code}")]
    public static partial void EncodeFailed(ILogger logger, Exception exception, long id, string remote, int code);

    [LoggerMessage(1007, LogLevel.Information, "Remoting server listening on {EndPoint}")]
    public static partial void ServerListening(ILogger logger, string endPoint);

    [LoggerMessage(1008, LogLevel.Warning, "Accepting a connection failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

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
