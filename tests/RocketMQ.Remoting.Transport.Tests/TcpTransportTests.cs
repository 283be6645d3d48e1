using System.Net;
using Microsoft.Extensions.Logging;
using RocketMQ.Remoting.Dispatch;

namespace RocketMQ.Remoting.Transport.Tests;

/// <summary>The transport contract over real loopback sockets.</summary>
public sealed class TcpTransportTests : TransportContractTests
{
    private TcpRemotingServer? _server;
    private TcpRemotingClient? _client;

    protected override async Task<(IRemotingChannel Client, IRemotingChannel Server)> ConnectAsync(
        RequestDispatcher serverDispatcher, RequestDispatcher clientDispatcher, RemotingOptions options,
        TimeProvider time, IChannelEventListener listener, ILoggerFactory loggerFactory)
    {
        _server = new TcpRemotingServer(new IPEndPoint(IPAddress.Loopback, 0), options, serverDispatcher, listener,
            loggerFactory, time);
        await _server.StartAsync();
        _client = new TcpRemotingClient(options, clientDispatcher, loggerFactory, time);
        var client = await _client.GetOrConnectAsync($"127.0.0.1:{_server.LocalEndPoint!.Port}");
        var server = await ServerListener.Connected.WaitAsync(Deadline);
        return (client, server);
    }

    protected override async Task DisconnectAsync()
    {
        await _client!.DisposeAsync().AsTask().WaitAsync(Deadline);
        await _server!.DisposeAsync().AsTask().WaitAsync(Deadline);
    }
}
