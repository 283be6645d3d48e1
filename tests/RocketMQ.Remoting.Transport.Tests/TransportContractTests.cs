using Microsoft.Extensions.Time.Testing;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport.Tests;

/// <summary>
/// The behaviour every transport must have. Subclasses only say how to connect a client to a server; the same
/// tests then run over TCP and over in-memory pipes.
/// </summary>
public abstract class TransportContractTests : IAsyncLifetime
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private const int EchoCode = 1;
    private const int GateCode = 2;
    private const int FailCode = 3;
    private const int BadHeaderCode = 4;
    private const int CarelessCode = 5;

    private readonly GateProcessor _gate = new();
    private readonly GateProcessor _onewayGate = new();

    protected FakeTimeProvider Time { get; } = new();

    protected RecordingListener ServerListener { get; } = new();

    protected IRemotingChannel Client { get; private set; } = null!;

    protected IRemotingChannel Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = new RequestDispatcher()
            .Register(EchoCode, new EchoProcessor())
            .Register(GateCode, _gate)
            .Register(FailCode, new ThrowingProcessor(new InvalidOperationException("boom")))
            .Register(BadHeaderCode, new ThrowingProcessor(RemotingCommandException.MissingField("topic")))
            .Register(CarelessCode, new CarelessProcessor())
            .Register(100, _onewayGate);
        var client = new RequestDispatcher().Register(EchoCode, new EchoProcessor());
        (Client, Server) = await ConnectAsync(server, client, new RemotingOptions(), Time, ServerListener);
    }

    public abstract Task DisposeAsync();

    /// <summary>Connects a client (with <paramref name="clientDispatcher"/>) to a server.</summary>
    protected abstract Task<(IRemotingChannel Client, IRemotingChannel Server)> ConnectAsync(
        RequestDispatcher serverDispatcher, RequestDispatcher clientDispatcher, RemotingOptions options,
        TimeProvider time, IChannelEventListener listener);

    [Fact]
    public async Task Concurrent_requests_answered_in_reverse_order_reach_their_callers()
    {
        var calls = Enumerable.Range(0, 50).Select(i =>
        {
            var request = RemotingCommand.CreateRequest(GateCode);
            request.SetExtField("tag", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (Tag: i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Response: Client.InvokeAsync(request, Deadline));
        }).ToList();
        var held = await _gate.TakeAsync(50, Deadline);

        foreach (var (request, answer) in Enumerable.Reverse(held))
        {
            var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
            response.SetExtField("tag", request.GetExtField("tag")!);
            answer.SetResult(response);
        }

        foreach (var (tag, response) in calls)
        {
            Assert.Equal(tag, (await response.WaitAsync(Deadline)).GetExtField("tag"));
        }
    }

    [Fact]
    public async Task Oneway_request_reaches_the_processor_and_gets_no_response()
    {
        await Client.InvokeOnewayAsync(RemotingCommand.CreateRequest(100));
        var (request, answer) = (await _onewayGate.TakeAsync(1, Deadline)).Single();
        answer.SetResult(RemotingCommand.CreateResponse(request, ResponseCode.Success));

        Assert.True(request.IsOneway);
        // The connection still works and nothing stray arrived ahead of the next answer.
        var echo = await Client.InvokeAsync(RemotingCommand.CreateRequest(EchoCode), Deadline);
        Assert.Equal(ResponseCode.Success, echo.Code);
    }

    [Fact]
    public async Task Request_times_out_and_a_late_response_is_ignored()
    {
        var request = RemotingCommand.CreateRequest(GateCode);
        var call = Client.InvokeAsync(request, TimeSpan.FromSeconds(3));
        var (held, answer) = (await _gate.TakeAsync(1, Deadline)).Single();

        Time.Advance(TimeSpan.FromSeconds(3));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(Deadline));
        Assert.Contains("no response", error.Message, StringComparison.Ordinal);

        answer.SetResult(RemotingCommand.CreateResponse(held, ResponseCode.Success));
        var after = await Client.InvokeAsync(RemotingCommand.CreateRequest(EchoCode), Deadline);
        Assert.Equal(ResponseCode.Success, after.Code);
    }

    [Fact]
    public async Task Server_can_send_a_request_that_the_client_answers()
    {
        var request = RemotingCommand.CreateRequest(EchoCode);
        request.Body = "from server"u8.ToArray();

        var response = await Server.InvokeAsync(request, Deadline);

        Assert.Equal(ResponseCode.Success, response.Code);
        Assert.Equal("from server"u8.ToArray(), response.Body.ToArray());
    }

    [Fact]
    public async Task Unknown_request_code_is_answered_not_supported_with_a_remark()
    {
        var response = await Client.InvokeAsync(RemotingCommand.CreateRequest(999), Deadline);

        Assert.Equal(ResponseCode.RequestCodeNotSupported, response.Code);
        Assert.Equal("request type 999 not supported", response.Remark);
    }

    [Theory]
    [InlineData(FailCode, "boom")]
    [InlineData(BadHeaderCode, "the custom field <topic> is null")]
    public async Task Processor_failure_is_a_system_error_and_the_connection_stays_usable(int code, string remark)
    {
        var response = await Client.InvokeAsync(RemotingCommand.CreateRequest(code), Deadline);

        Assert.Equal(ResponseCode.SystemError, response.Code);
        Assert.Contains(remark, response.Remark, StringComparison.Ordinal);
        var echo = await Client.InvokeAsync(RemotingCommand.CreateRequest(EchoCode), Deadline);
        Assert.Equal(ResponseCode.Success, echo.Code);
    }

    [Theory]
    [InlineData(SerializeType.Json, EchoCode)]
    [InlineData(SerializeType.RocketMq, EchoCode)]
    [InlineData(SerializeType.Json, CarelessCode)]
    [InlineData(SerializeType.RocketMq, CarelessCode)]
    public async Task Response_uses_the_serialization_of_its_request(SerializeType serializeType, int code)
    {
        var request = RemotingCommand.CreateRequest(code);
        request.SerializeType = serializeType;

        var response = await Client.InvokeAsync(request, Deadline);

        Assert.Equal(serializeType, response.SerializeType);
        Assert.True(response.IsResponse);
        Assert.Equal(request.Opaque, response.Opaque);
    }

    [Fact]
    public async Task Closing_fails_pending_requests_and_reports_the_close_once()
    {
        var call = Client.InvokeAsync(RemotingCommand.CreateRequest(GateCode), Deadline);
        await _gate.TakeAsync(1, Deadline);

        Server.Close("test closes the server side");

        await Assert.ThrowsAsync<RemotingConnectionException>(() => call.WaitAsync(Deadline));
        Assert.Same(Server, await ServerListener.ClosedChannel.WaitAsync(Deadline));
        await Client.WhenClosedAsync().WaitAsync(Deadline);
        Assert.False(Client.IsActive);
        Assert.Equal(1, ServerListener.ClosedCount);
        await Assert.ThrowsAsync<RemotingConnectionException>(
            () => Client.InvokeAsync(RemotingCommand.CreateRequest(EchoCode), Deadline));
    }

    [Fact]
    public async Task Idle_server_connection_is_closed_after_the_max_idle_time()
    {
        Time.Advance(TimeSpan.FromSeconds(60));
        Assert.True(Server.IsActive);

        Time.Advance(TimeSpan.FromSeconds(91));

        await ServerListener.ClosedChannel.WaitAsync(Deadline);
        Assert.False(Server.IsActive);
    }
}
