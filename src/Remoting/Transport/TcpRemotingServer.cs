using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RocketMQ.Remoting.Dispatch;

namespace RocketMQ.Remoting.Transport;

/// <summary>
/// Accepts TCP connections and runs each as a <see cref="RemotingConnection"/> that dispatches requests to the
/// given <see cref="RequestDispatcher"/>. One misbehaving client only ever closes its own connection.
/// </summary>
public sealed class TcpRemotingServer : IAsyncDisposable
{
    private readonly IPEndPoint _listenEndPoint;
    private readonly RemotingOptions _options;
    private readonly RequestDispatcher _dispatcher;
    private readonly IChannelEventListener? _listener;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, RemotingConnection> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task _acceptLoop = Task.CompletedTask;

    public TcpRemotingServer(
        IPEndPoint listenEndPoint,
        RemotingOptions options,
        RequestDispatcher dispatcher,
        IChannelEventListener? listener,
        ILoggerFactory loggerFactory,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(listenEndPoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        _listenEndPoint = listenEndPoint;
        _options = options;
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _listener = listener;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TcpRemotingServer>();
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The bound address (the real port when started with port 0); null before start.</summary>
    public IPEndPoint? LocalEndPoint => (IPEndPoint?)_socket?.LocalEndPoint;

    /// <summary>The connections currently open.</summary>
    public IReadOnlyCollection<IRemotingChannel> Connections => [.. _connections.Values];

    /// <summary>Binds and starts accepting. Throws <see cref="SocketException"/> when the address is in use.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        var socket = new Socket(_listenEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Java's server binds with SO_REUSEADDR so a restart right after a stop does not fail.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(_listenEndPoint);
            socket.Listen(1024);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        TransportLog.ServerListening(_logger, SocketPipes.Format(socket.LocalEndPoint));
        _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting and closes every connection; completes when their loops have ended.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        var stopped = new List<Task>();
        foreach (var connection in _connections.Values)
        {
            connection.Close("server stopping");
            stopped.Add(connection.Stopped);
        }

        await Task.WhenAll(stopped).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // E.g. a connection reset before accept completed, or file descriptors exhausted: keep serving.
                TransportLog.AcceptFailed(_logger, e);
                continue;
            }

            StartConnection(accepted);
        }
    }

    private void StartConnection(Socket socket)
    {
        var pipes = new SocketPipes(socket);
        RemotingConnection? connection = null;
        connection = new RemotingConnection(
            pipes, pipes.LocalAddress, pipes.RemoteAddress, _dispatcher, _options, _listener,
            _loggerFactory.CreateLogger<RemotingConnection>(), _time, closeIdle: true,
            onClosed: () =>
            {
                pipes.Dispose();
                _connections.TryRemove(connection!.Id, out _);
            });
        _connections[connection.Id] = connection;
        connection.Start();
    }
}
