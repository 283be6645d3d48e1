using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport.Tests;

/// <summary>TCP-only behaviour: addresses, connecting and reconnecting, binding, stopping.</summary>
public sealed class TcpClientServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly RecordingLoggerFactory _logs = new();
    private readonly RecordingListener _listener = new();
    private readonly TcpRemotingServer _server;
    private readonly TcpRemotingClient _client;
    private string _address = "";

    public TcpClientServerTests()
    {
        _server = NewServer(0, _listener);
        _client = new TcpRemotingClient(new RemotingOptions(), null, _logs, TimeProvider.System);
    }

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _address = $"127.0.0.1:{_server.LocalEndPoint!.Port}";
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync().AsTask().WaitAsync(Deadline);
        await _server.DisposeAsync().AsTask().WaitAsync(Deadline);
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("localhost:")]
    [InlineData(":9876")]
    [InlineData("localhost:0")]
    [InlineData("localhost:65536")]
    [InlineData("localhost:98x6")]
    [InlineData("local host:9876")]
    [InlineData("fe80:zz:9876")]
    public async Task Bad_address_is_an_argument_exception_naming_it(string address)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _client.InvokeAsync(address, RemotingCommand.CreateRequest(1), Deadline));

        Assert.Contains($"'{address}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:9876", "127.0.0.1", 9876)]
    [InlineData("broker-a.example:10911", "broker-a.example", 10911)]
    [InlineData("[::1]:9876", "::1", 9876)]
    public void Good_address_is_parsed(string address, string host, int port)
    {
        var endPoint = TcpRemotingClient.ParseAddress(address);

        Assert.Equal((host, port), (endPoint.Host, endPoint.Port));
    }

    [Fact]
    public async Task Connect_to_a_closed_port_fails_with_a_connection_exception_and_a_later_call_retries()
    {
        await using var later = NewServer(0, null);
        await later.StartAsync();
        var port = later.LocalEndPoint!.Port;
        await later.StopAsync();
        var address = $"127.0.0.1:{port}";

        var error = await Assert.ThrowsAsync<RemotingConnectionException>(
            () => _client.InvokeAsync(address, RemotingCommand.CreateRequest(1), Deadline));
        Assert.Contains(address, error.Message, StringComparison.Ordinal);

        await using var restarted = NewServer(port, null);
        await restarted.StartAsync();
        var response = await _client.InvokeAsync(address, RemotingCommand.CreateRequest(1), Deadline);
        Assert.Equal(ResponseCode.Success, response.Code);
    }

    [Fact]
    public async Task Client_reuses_one_connection_and_reconnects_after_it_closes()
    {
        var first = await _client.GetOrConnectAsync(_address);
        Assert.Same(first, await _client.GetOrConnectAsync(_address));
        await _listener.Connected.WaitAsync(Deadline);

        _client.CloseChannel(_address);
        await first.WhenClosedAsync().WaitAsync(Deadline);
        await _listener.ClosedChannel.WaitAsync(Deadline);
        var second = await _client.GetOrConnectAsync(_address);

        Assert.NotSame(first, second);
        Assert.True(second.IsActive);
        var response = await _client.InvokeAsync(_address, RemotingCommand.CreateRequest(1), Deadline);
        Assert.Equal(ResponseCode.Success, response.Code);
    }

    [Fact]
    public async Task Client_reconnects_after_the_server_dropped_the_connection()
    {
        var first = await _client.GetOrConnectAsync(_address);
        var serverSide = await _listener.Connected.WaitAsync(Deadline);

        serverSide.Close("server drops the client");
        await first.WhenClosedAsync().WaitAsync(Deadline);

        var response = await _client.InvokeAsync(_address, RemotingCommand.CreateRequest(1), Deadline);
        Assert.Equal(ResponseCode.Success, response.Code);
    }

    [Fact]
    public async Task A_second_server_cannot_bind_a_port_in_use()
    {
        await using var second = NewServer(_server.LocalEndPoint!.Port, null);

        await Assert.ThrowsAsync<SocketException>(() => second.StartAsync());
    }

    [Fact]
    public async Task Stop_closes_every_connection_and_fails_their_pending_requests()
    {
        var channel = await _client.GetOrConnectAsync(_address);
        await _listener.Connected.WaitAsync(Deadline);

        await _server.StopAsync().WaitAsync(Deadline);

        await channel.WhenClosedAsync().WaitAsync(Deadline);
        Assert.Empty(_server.Connections);
        await Assert.ThrowsAnyAsync<Exception>(
            () => _client.InvokeAsync(_address, RemotingCommand.CreateRequest(1), Deadline));
    }

    [Fact]
    public async Task Stop_does_not_hang_on_a_client_that_never_reads_its_responses()
    {
        using var deaf = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        deaf.ReceiveBufferSize = 4096;
        await deaf.ConnectAsync(IPAddress.Loopback, _server.LocalEndPoint!.Port);
        var request = RemotingCommand.CreateRequest(1);
        request.Body = new byte[60_000];
        var frame = RemotingCommandCodec.EncodeToArray(request);

        // 200 echoes of 60 KB: far more response bytes than the socket buffers hold, so the server's writer
        // blocks on a full send buffer.
        for (var i = 0; i < 200; i++)
        {
            await deaf.SendAsync(frame);
        }

        await _server.StopAsync().WaitAsync(Deadline);
    }

    [Fact]
    public async Task A_throwing_listener_is_logged_and_does_not_break_the_server()
    {
        await using var server = NewServer(0, new ThrowingListener());
        await server.StartAsync();
        var address = $"127.0.0.1:{server.LocalEndPoint!.Port}";

        var response = await _client.InvokeAsync(address, RemotingCommand.CreateRequest(1), Deadline);
        _client.CloseChannel(address);
        var second = await _client.InvokeAsync(address, RemotingCommand.CreateRequest(1), Deadline);

        Assert.Equal(ResponseCode.Success, response.Code);
        Assert.Equal(ResponseCode.Success, second.Code);
        await _logs.WaitForAsync(LogEvents.ListenerFailed).WaitAsync(Deadline);
    }

    private TcpRemotingServer NewServer(int port, IChannelEventListener? listener) =>
        new(new IPEndPoint(IPAddress.Loopback, port), new RemotingOptions(),
            new RequestDispatcher(NullLoggerFactory.Instance).Register(1, new EchoProcessor()), listener, _logs,
            TimeProvider.System);
}
