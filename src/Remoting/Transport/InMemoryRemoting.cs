using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using RocketMQ.Remoting.Dispatch;

namespace RocketMQ.Remoting.Transport;

/// <summary>
/// A connected client/server pair over in-process pipes, running the same <see cref="RemotingConnection"/> as TCP
/// (same framing, codec, limits and dispatch). For tests and embedded use; closing one side closes the other.
/// </summary>
/// <remarks>
/// The server side behaves like a TCP server connection (reports to the listener, closes after
/// <see cref="RemotingOptions.ServerChannelMaxIdleTime"/> without received bytes on <c>time</c>); the client side
/// has no idle timeout. Both channels are live when <see cref="CreatePair"/> returns; close either to end both.
/// </remarks>
public static class InMemoryRemoting
{
    private static long s_nextPort;

    /// <summary>Creates a connected pair; the server side reports open/close to
    /// <paramref name="serverListener"/>.</summary>
    public static (IRemotingChannel Client, IRemotingChannel Server) CreatePair(
        RequestDispatcher serverDispatcher,
        RequestDispatcher? clientDispatcher,
        RemotingOptions options,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        IChannelEventListener? serverListener = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        var toServer = new Pipe();
        var toClient = new Pipe();
        var port = Interlocked.Increment(ref s_nextPort);
        var clientAddress = $"in-memory-client:{port}";
        const string ServerAddress = "in-memory-server:0";
        var logger = loggerFactory.CreateLogger<RemotingConnection>();

        var server = new RemotingConnection(
            new DuplexPipe(toServer.Reader, toClient.Writer), ServerAddress, clientAddress, serverDispatcher, options,
            serverListener, logger, time, closeIdle: true);
        var client = new RemotingConnection(
            new DuplexPipe(toClient.Reader, toServer.Writer), clientAddress, ServerAddress,
            clientDispatcher ?? new RequestDispatcher(loggerFactory), options, listener: null, logger, time,
            closeIdle: false);
        server.Start();
        client.Start();
        return (client, server);
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
