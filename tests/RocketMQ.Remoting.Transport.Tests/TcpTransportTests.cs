using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Remoting.Dispatch;

namespace RocketMQ.Remoting.Transport.Tests;

/// <summary>The transport contract over real loopback sockets.</summary>
public sealed class TcpTransportTests : TransportContractTests
{
    private TcpRemotingServer? _server;
    private TcpRemotingClient? _client;

    protected override async Task<(IRemotingChannel Client, IRemotingChannel Server)> ConnectAsync(
        RequestDispatcher serverDispatcher, RequestDispatcher clientDispatcher, RemotingOptions options,
        TimeProvider time, IChannelEventListener listener)
    {
        _server = new TcpRemotingServer(new IPEndPoint(IPAddress.Loopback, 0), options, serverDispatcher, listener,
            NullLoggerFactory.Instance, time);
        await _server.StartAsync();
        _client = new TcpRemotingClient(options, clientDispatcher, NullLoggerFactory.Instance, time);
        var client = await _client.GetOrConnectAsync($"127.0.0.1:{_server.LocalEndPoint!.Port}");
        var server = await ServerListener.Connected.WaitAsync(Deadline);
        return (client, server);
    }

    public override async Task DisposeAsync()
    {
        await _client!.DisposeAsync();
        await _server!.DisposeAsync();
    }
}
