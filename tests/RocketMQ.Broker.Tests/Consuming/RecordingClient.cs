using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Transport;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>
/// One client connection to a broker (a <see cref="TcpRemotingClient"/>) whose dispatcher records every request the
/// broker sends it (NOTIFY_CONSUMER_IDS_CHANGED, …), so tests can wait for them.
/// </summary>
internal sealed class RecordingClient : IAsyncDisposable
{
    private readonly Channel<RemotingCommand> _received = Channel.CreateUnbounded<RemotingCommand>();
    private readonly TcpRemotingClient _client;
    private readonly string _address;

    public RecordingClient(string address)
    {
        _address = address;
        var dispatcher = new RequestDispatcher(NullLoggerFactory.Instance) { DefaultProcessor = new Recorder(this) };
        _client = new TcpRemotingClient(new RemotingOptions(), dispatcher, NullLoggerFactory.Instance,
            TimeProvider.System);
    }

    public Task<RemotingCommand> InvokeAsync(RemotingCommand request, SerializeType serialization,
        TimeSpan? timeout = null)
    {
        request.SerializeType = serialization;
        return _client.InvokeAsync(_address, request, timeout ?? TimeSpan.FromSeconds(30));
    }

    public ValueTask InvokeOnewayAsync(RemotingCommand request, SerializeType serialization)
    {
        request.SerializeType = serialization;
        return _client.InvokeOnewayAsync(_address, request);
    }

    /// <summary>The connection (opened if needed).</summary>
    public Task<IRemotingChannel> ChannelAsync() => _client.GetOrConnectAsync(_address);

    /// <summary>The next request the broker sent, within <paramref name="deadline"/>.</summary>
    public async Task<RemotingCommand> NextRequestAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Requests received so far and not yet read.</summary>
    public int PendingRequests => _received.Reader.Count;

    /// <summary>Closes the connection (the broker sees its channel close).</summary>
    public void Close() => _client.CloseChannel(_address);

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private sealed class Recorder(RecordingClient owner) : IRequestProcessor
    {
        public ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
            CancellationToken cancellationToken)
        {
            owner._received.Writer.TryWrite(request);
            return ValueTask.FromResult<RemotingCommand?>(null);
        }
    }
}
