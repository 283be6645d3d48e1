using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport;

/// <summary>
/// Client side of the remoting protocol: one lazily opened connection per <c>host:port</c>, reopened after it
/// closes. Requests the server sends on a connection (e.g. NOTIFY_CONSUMER_IDS_CHANGED) go to the dispatcher.
/// </summary>
/// <remarks>Thread-safe. Concurrent callers for the same address share one connect attempt.</remarks>
public sealed class TcpRemotingClient : IAsyncDisposable
{
    private readonly RemotingOptions _options;
    private readonly RequestDispatcher _dispatcher;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<Task<RemotingConnection>>> _connections =
        new(StringComparer.Ordinal);

    public TcpRemotingClient(
        RemotingOptions options, RequestDispatcher? dispatcher, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        _dispatcher = dispatcher ?? new RequestDispatcher(loggerFactory);
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Sends <paramref name="request"/> to <paramref name="address"/> and waits for its response.</summary>
    /// <exception cref="RemotingConnectionException">Connect failed or the connection closed first.</exception>
    /// <exception cref="TimeoutException">No response within <paramref name="timeout"/>.</exception>
    public async Task<RemotingCommand> InvokeAsync(
        string address, RemotingCommand request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var channel = await GetOrConnectAsync(address, cancellationToken).ConfigureAwait(false);
        return await channel.InvokeAsync(request, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a oneway request (no response) to <paramref name="address"/>.</summary>
    public async ValueTask InvokeOnewayAsync(
        string address, RemotingCommand request, CancellationToken cancellationToken = default)
    {
        var channel = await GetOrConnectAsync(address, cancellationToken).ConfigureAwait(false);
        await channel.InvokeOnewayAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the open connection to <paramref name="address"/>, connecting if needed.</summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not <c>host:port</c>.</exception>
    public async Task<IRemotingChannel> GetOrConnectAsync(string address, CancellationToken cancellationToken = default)
    {
        var endPoint = ParseAddress(address);
        while (true)
        {
            var entry = _connections.GetOrAdd(address, _ => new Lazy<Task<RemotingConnection>>(
                () => ConnectAsync(address, endPoint)));
            RemotingConnection connection;
            try
            {
                connection = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _connections.TryRemove(KeyValuePair.Create(address, entry));
                throw;
            }

            if (connection.IsActive)
            {
                return connection;
            }

            _connections.TryRemove(KeyValuePair.Create(address, entry));
        }
    }

    /// <summary>Closes the connection to <paramref name="address"/>, if any; the next call reconnects.</summary>
    public void CloseChannel(string address)
    {
        if (_connections.TryRemove(address, out var entry) && entry.Value.IsCompletedSuccessfully)
        {
            entry.Value.Result.Close("closed by client");
        }
    }

    public async ValueTask DisposeAsync()
    {
        var stopped = new List<Task>();
        foreach (var address in _connections.Keys)
        {
            if (_connections.TryRemove(address, out var entry) && entry.Value.IsCompletedSuccessfully)
            {
                entry.Value.Result.Close("client disposed");
                stopped.Add(entry.Value.Result.Stopped);
            }
        }

        await Task.WhenAll(stopped).ConfigureAwait(false);
    }

    /// <summary>Parses <c>host:port</c> (IPv6 as <c>[addr]:port</c>).</summary>
    public static DnsEndPoint ParseAddress(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || colon == address.Length - 1 ||
            !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
            port is < 1 or > 65535)
        {
            throw new ArgumentException($"'{address}' is not a host:port address", nameof(address));
        }

        var host = address[..colon].Trim('[', ']');
        return new DnsEndPoint(host, port);
    }

    private async Task<RemotingConnection> ConnectAsync(string address, DnsEndPoint endPoint)
    {
        var socket = IPAddress.TryParse(endPoint.Host, out var ip)
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        try
        {
            await socket.ConnectAsync(ip is null ? endPoint : new IPEndPoint(ip, endPoint.Port), timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            var why = e is OperationCanceledException ? $"timed out after {_options.ConnectTimeout}" : e.Message;
            throw new RemotingConnectionException($"connect to {address} failed: {why}", e);
        }

        var pipes = new SocketPipes(socket);
        var connection = new RemotingConnection(
            pipes, pipes.LocalAddress, address, _dispatcher, _options, listener: null,
            _loggerFactory.CreateLogger<RemotingConnection>(), _time, closeIdle: false, onClosed: pipes.Dispose);
        connection.Start();
        return connection;
    }
}
