using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport.Tests;

/// <summary>The dispatcher alone: every outcome of a request becomes the right response (or none).</summary>
public sealed class RequestDispatcherTests
{
    private readonly RecordingLoggerFactory _logs = new();
    private readonly IRemotingChannel _channel = new StubChannel();

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task Unknown_code_is_answered_like_java(SerializeType serializeType)
    {
        var request = Request(42, serializeType);

        var response = await new RequestDispatcher(_logs).DispatchAsync(request, _channel, default);

        Assert.NotNull(response);
        Assert.Equal(ResponseCode.RequestCodeNotSupported, response.Code);
        Assert.Equal("request type 42 not supported", response.Remark);
        AssertAnswers(request, response);
    }

    [Fact]
    public async Task Default_processor_takes_unregistered_codes()
    {
        var dispatcher = new RequestDispatcher(_logs) { DefaultProcessor = new EchoProcessor() };

        var response = await dispatcher.DispatchAsync(Request(42, SerializeType.Json), _channel, default);

        Assert.Equal(ResponseCode.Success, response!.Code);
    }

    [Fact]
    public async Task Registered_processor_wins_over_the_default_one()
    {
        var dispatcher = new RequestDispatcher(_logs) { DefaultProcessor = new EchoProcessor() }
            .Register(new ThrowingProcessor(new InvalidOperationException("x")), 7, 8);

        var response = await dispatcher.DispatchAsync(Request(8, SerializeType.Json), _channel, default);

        Assert.Equal(ResponseCode.SystemError, response!.Code);
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task Bad_custom_header_is_a_system_error_with_the_message(SerializeType serializeType)
    {
        var request = Request(1, serializeType);
        var dispatcher = new RequestDispatcher(_logs)
            .Register(1, new ThrowingProcessor(RemotingCommandException.BadField("queueId", "x")));

        var response = await dispatcher.DispatchAsync(request, _channel, default);

        Assert.Equal(ResponseCode.SystemError, response!.Code);
        Assert.Equal("the custom field <queueId> has an invalid value 'x'", response.Remark);
        AssertAnswers(request, response);
    }

    [Fact]
    public async Task Processor_exception_is_a_system_error_naming_the_exception_and_is_logged()
    {
        var request = Request(1, SerializeType.RocketMq);
        var dispatcher = new RequestDispatcher(_logs)
            .Register(1, new ThrowingProcessor(new InvalidDataException("disk says no")));

        var response = await dispatcher.DispatchAsync(request, _channel, default);

        Assert.Equal(ResponseCode.SystemError, response!.Code);
        Assert.Equal("InvalidDataException: disk says no", response.Remark);
        AssertAnswers(request, response);
        var logged = Assert.Single(_logs.Entries, e => e.EventId == LogEvents.ProcessorFailed);
        Assert.IsType<InvalidDataException>(logged.Exception);
    }

    [Theory]
    [InlineData(42)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Oneway_request_never_gets_a_response(int code)
    {
        var request = Request(code, SerializeType.Json);
        request.MarkOneway();
        var dispatcher = new RequestDispatcher(_logs)
            .Register(1, new EchoProcessor())
            .Register(2, new ThrowingProcessor(new InvalidOperationException("x")))
            .Register(3, new ThrowingProcessor(RemotingCommandException.MissingField("topic")));

        Assert.Null(await dispatcher.DispatchAsync(request, _channel, default));
    }

    private static RemotingCommand Request(int code, SerializeType serializeType)
    {
        var request = RemotingCommand.CreateRequest(code);
        request.SerializeType = serializeType;
        return request;
    }

    private static void AssertAnswers(RemotingCommand request, RemotingCommand response)
    {
        Assert.True(response.IsResponse);
        Assert.Equal(request.Opaque, response.Opaque);
        Assert.Equal(request.SerializeType, response.SerializeType);
    }

    private sealed class StubChannel : IRemotingChannel
    {
        public long Id => 1;

        public string RemoteAddress => "10.0.0.1:1234";

        public string LocalAddress => "10.0.0.2:9876";

        public bool IsActive => true;

        public CancellationToken Closed => CancellationToken.None;

        public ValueTask SendAsync(RemotingCommand command, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<RemotingCommand> InvokeAsync(
            RemotingCommand request, TimeSpan timeout, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask InvokeOnewayAsync(RemotingCommand request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public void Close(string reason) => throw new NotSupportedException();
    }
}
