using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport;

/// <summary>
/// Client side of the remoting protocol: one lazily opened connection per <c>host:port</c>, reopened on the next
/// call after it closes. Requests the server sends on a connection (e.g. NOTIFY_CONSUMER_IDS_CHANGED) go to the
/// dispatcher given at construction (none: answered REQUEST_CODE_NOT_SUPPORTED).
/// </summary>
/// <remarks>Thread-safe. Concurrent callers for the same address share one connect attempt; a failed attempt is
/// forgotten so the next call tries again. Client connections have no idle timeout.</remarks>
public sealed partial class TcpRemotingClient : IAsyncDisposable
{
    private readonly RemotingOptions _options;
    private readonly RequestDispatcher _dispatcher;
    private readonly ILogger _logger;
    private readonly ILogger _connectionLogger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<Task<RemotingConnection>>> _connections =
        new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <param name="options">Validated here; <see cref="ArgumentException"/> names a bad setting.</param>
    /// <param name="dispatcher">Handles requests servers send to us; null answers them not-supported.</param>
    /// <param name="loggerFactory">Logs of the client and its connections.</param>
    /// <param name="time">Clock for connect and request timeouts.</param>
    public TcpRemotingClient(
        RemotingOptions options, RequestDispatcher? dispatcher, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        _options = options;
        _dispatcher = dispatcher ?? new RequestDispatcher(loggerFactory);
        _logger = loggerFactory.CreateLogger<TcpRemotingClient>();
        _connectionLogger = loggerFactory.CreateLogger<RemotingConnection>();
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Sends <paramref name="request"/> to <paramref name="address"/> and waits for its response.</summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not <c>host:port</c>.</exception>
    /// <exception cref="RemotingConnectionException">Connect failed or the connection closed first.</exception>
    /// <exception cref="TimeoutException">No response within <paramref name="timeout"/>.</exception>
    public async Task<RemotingCommand> InvokeAsync(
        string address, RemotingCommand request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var channel = await GetOrConnectAsync(address, cancellationToken).ConfigureAwait(false);
        return await channel.InvokeAsync(request, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a oneway request (no response) to <paramref name="address"/>; completes once queued.</summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not <c>host:port</c>.</exception>
    /// <exception cref="RemotingConnectionException">Connect failed or the connection is closed.</exception>
    public async ValueTask InvokeOnewayAsync(
        string address, RemotingCommand request, CancellationToken cancellationToken = default)
    {
        var channel = await GetOrConnectAsync(address, cancellationToken).ConfigureAwait(false);
        await channel.InvokeOnewayAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the open connection to <paramref name="address"/>, connecting (within
    /// <see cref="RemotingOptions.ConnectTimeout"/>) if there is none or the previous one closed.</summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not <c>host:port</c>.</exception>
    /// <exception cref="RemotingConnectionException">The connect failed or timed out.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public Task<IRemotingChannel> GetOrConnectAsync(string address, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Fast path of every invoke: an open connection, no parsing, no allocation.
        if (address is not null && _connections.TryGetValue(address, out var entry) &&
            entry.IsValueCreated && entry.Value.IsCompletedSuccessfully && entry.Value.Result.IsActive)
        {
            return Task.FromResult<IRemotingChannel>(entry.Value.Result);
        }

        return ConnectSlowAsync(address!, cancellationToken);
    }

    /// <summary>Closes the connection to <paramref name="address"/>, if any; the next call reconnects.</summary>
    public void CloseChannel(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_connections.TryRemove(address, out var entry) && entry.IsValueCreated &&
            entry.Value.IsCompletedSuccessfully)
        {
            entry.Value.Result.Close("closed by client");
        }
    }

    /// <summary>Closes every connection (waiting for connects in flight) and waits until their sockets are closed.
    /// Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        var stopped = new List<Task>();
        foreach (var address in _connections.Keys)
        {
            if (!_connections.TryRemove(address, out var entry) || !entry.IsValueCreated)
            {
                continue;
            }

            try
            {
                var connection = await entry.Value.ConfigureAwait(false);
                connection.Close("client disposed");
                stopped.Add(connection.Stopped);
            }
            catch (RemotingConnectionException)
            {
                // That connect failed: nothing to close.
            }
        }

        await Task.WhenAll(stopped).ConfigureAwait(false);
    }

    /// <summary>Parses <c>host:port</c> (IPv6 as <c>[addr]:port</c>), as RocketMQ writes broker and name-server
    /// addresses.</summary>
    /// <exception cref="ArgumentException">Not <c>host:port</c> with a port in 1–65535; the message names
    /// <paramref name="address"/>.</exception>
    public static DnsEndPoint ParseAddress(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || colon == address.Length - 1 ||
            !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
            port is < 1 or > 65535)
        {
            throw new ArgumentException($"'{address}' is not a host:port address", nameof(address));
        }

        var host = address[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0 || host.AsSpan().ContainsAny(' ', '[', ']') ||
            (host.Contains(':', StringComparison.Ordinal) && !IPAddress.TryParse(host, out _)))
        {
            throw new ArgumentException($"'{address}' is not a host:port address", nameof(address));
        }

        return new DnsEndPoint(host, port);
    }
}
