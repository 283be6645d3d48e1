using System.Net;
using System.Net.Sockets;

namespace RocketMQ.Remoting.Transport;

public sealed partial class TcpRemotingClient
{
    private async Task<IRemotingChannel> ConnectSlowAsync(string address, CancellationToken cancellationToken)
    {
        var endPoint = ParseAddress(address);
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var entry = _connections.GetOrAdd(address, static (key, state) => new Lazy<Task<RemotingConnection>>(
                () => state.Client.ConnectAsync(key, state.EndPoint)), (Client: this, EndPoint: endPoint));
            RemotingConnection connection;
            try
            {
                connection = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (entry.Value.IsFaulted)
            {
                // Forget the failed attempt (only if nobody replaced it yet) so the next call tries again.
                _connections.TryRemove(KeyValuePair.Create(address, entry));
                throw;
            }

            if (_disposed)
            {
                // DisposeAsync may have missed a connect that was still in flight.
                connection.Close("client disposed");
                throw new ObjectDisposedException(GetType().FullName);
            }

            if (connection.IsActive)
            {
                return connection;
            }

            _connections.TryRemove(KeyValuePair.Create(address, entry));
        }
    }

    private async Task<RemotingConnection> ConnectAsync(string address, DnsEndPoint endPoint)
    {
        var socket = IPAddress.TryParse(endPoint.Host, out var ip)
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        SocketPipes pipes;
        using (var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time))
        {
            try
            {
                EndPoint target = ip is null ? endPoint : new IPEndPoint(ip, endPoint.Port);
                await socket.ConnectAsync(target, timeout.Token).ConfigureAwait(false);
                pipes = new SocketPipes(socket);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                socket.Dispose();
                var why = e is OperationCanceledException ? $"timed out after {_options.ConnectTimeout}" : e.Message;
                TransportLog.ConnectFailed(_logger, address, why);
                throw new RemotingConnectionException($"connect to {address} failed: {why}", e);
            }
        }

        var connection = new RemotingConnection(
            pipes, pipes.LocalAddress, address, _dispatcher, _options, listener: null, _connectionLogger, _time,
            closeIdle: false, onClosed: pipes.Dispose);
        connection.Start();
        return connection;
    }
}
