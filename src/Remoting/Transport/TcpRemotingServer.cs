using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RocketMQ.Remoting.Dispatch;

namespace RocketMQ.Remoting.Transport;

/// <summary>
/// Accepts TCP connections and runs each as a <see cref="RemotingConnection"/> that dispatches requests to the
/// given <see cref="RequestDispatcher"/>. One misbehaving client only ever closes its own connection. Server
/// connections close after <see cref="RemotingOptions.ServerChannelMaxIdleTime"/> without received bytes.
/// </summary>
/// <remarks>
/// Thread-safe. Start once; <see cref="StopAsync"/> and <see cref="DisposeAsync"/> are idempotent. The listener
/// is told about every connection's open and close (from I/O or timer threads; it must not block).
/// </remarks>
public sealed class TcpRemotingServer : IAsyncDisposable
{
    private const int Backlog = 1024;
    private readonly IPEndPoint _listenEndPoint;
    private readonly RemotingOptions _options;
    private readonly RequestDispatcher _dispatcher;
    private readonly IChannelEventListener? _listener;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ILogger _connectionLogger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, RemotingConnection> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task _acceptLoop = Task.CompletedTask;
    private int _started;

    /// <param name="listenEndPoint">Where to listen; port 0 picks a free port (see <see cref="LocalEndPoint"/>).
    /// </param>
    /// <param name="options">Validated here; <see cref="ArgumentException"/> names a bad setting.</param>
    /// <param name="dispatcher">Handles every connection's requests.</param>
    /// <param name="listener">Told about connections opening and closing; may be null.</param>
    /// <param name="loggerFactory">Logs of the server and its connections.</param>
    /// <param name="time">Clock for request timeouts and the idle check.</param>
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
        _connectionLogger = loggerFactory.CreateLogger<RemotingConnection>();
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The bound address (the real port when started with port 0); null before start.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>A snapshot of the connections currently open.</summary>
    public IReadOnlyCollection<IRemotingChannel> Connections => [.. _connections.Values];

    /// <summary>Binds and starts accepting; returns once bound.</summary>
    /// <exception cref="SocketException">The address is in use (another process or server holds the port) or
    /// cannot be bound.</exception>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("the server was already started");
        }

        // No ReuseAddress: on Linux .NET maps it to SO_REUSEPORT, which would let a second server bind the same
        // port silently. Rebinding right after a stop works without it (the runtime sets SO_REUSEADDR itself).
        var socket = new Socket(_listenEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(_listenEndPoint);
            socket.Listen(Backlog);
        }
        catch
        {
            socket.Dispose();
            Volatile.Write(ref _started, 0);
            throw;
        }

        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        TransportLog.ServerListening(_logger, SocketPipes.Format(LocalEndPoint));
        _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting and closes every connection; completes when their loops have ended and their
    /// sockets are closed. Pending requests on them fail with <see cref="RemotingConnectionException"/>.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        var stopped = new List<Task>(_connections.Count);
        foreach (var connection in _connections.Values)
        {
            connection.Close("server stopping");
            stopped.Add(connection.Stopped);
        }

        await Task.WhenAll(stopped).ConfigureAwait(false);
        if (LocalEndPoint is not null)
        {
            TransportLog.ServerStopped(_logger, SocketPipes.Format(LocalEndPoint));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var listenSocket = _socket!;
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listenSocket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
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
        SocketPipes pipes;
        try
        {
            pipes = new SocketPipes(socket);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client reset the connection before we could set it up; nothing to serve.
            TransportLog.SetupFailed(_logger, e);
            socket.Dispose();
            return;
        }

        RemotingConnection? connection = null;

        // Deregistered in the release callback, before Stopped completes, so StopAsync's caller sees none left.
        connection = new RemotingConnection(
            pipes, pipes.LocalAddress, pipes.RemoteAddress, _dispatcher, _options, _listener, _connectionLogger,
            _time, closeIdle: true, onClosed: () =>
            {
                pipes.Dispose();
                _connections.TryRemove(connection!.Id, out _);
            });
        _connections[connection.Id] = connection;
        connection.Start();
    }
}
