using System.Threading.Channels;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport.Tests;

/// <summary>Answers SUCCESS echoing the body and the "tag" ext field.</summary>
internal sealed class EchoProcessor : IRequestProcessor
{
    public ValueTask<RemotingCommand?> ProcessAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken)
    {
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = request.Body;
        if (request.GetExtField("tag") is { } tag)
        {
            response.SetExtField("tag", tag);
        }

        return ValueTask.FromResult<RemotingCommand?>(response);
    }
}

/// <summary>Holds every request until the test answers it; tests await arrivals, never poll.</summary>
internal sealed class GateProcessor : IRequestProcessor
{
    private readonly Channel<(RemotingCommand Request, TaskCompletionSource<RemotingCommand?> Answer)> _arrivals =
        Channel.CreateUnbounded<(RemotingCommand, TaskCompletionSource<RemotingCommand?>)>();

    /// <summary>Waits for the next <paramref name="count"/> held requests, in arrival order.</summary>
    public async Task<List<(RemotingCommand Request, TaskCompletionSource<RemotingCommand?> Answer)>> TakeAsync(
        int count, TimeSpan deadline)
    {
        using var cancel = new CancellationTokenSource(deadline);
        var taken = new List<(RemotingCommand, TaskCompletionSource<RemotingCommand?>)>();
        while (taken.Count < count)
        {
            taken.Add(await _arrivals.Reader.ReadAsync(cancel.Token));
        }

        return taken;
    }

    public ValueTask<RemotingCommand?> ProcessAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<RemotingCommand?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _arrivals.Writer.TryWrite((request, answer));
        return new ValueTask<RemotingCommand?>(answer.Task);
    }
}

/// <summary>Throws what it is given.</summary>
internal sealed class ThrowingProcessor(Exception exception) : IRequestProcessor
{
    public ValueTask<RemotingCommand?> ProcessAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken) =>
        throw exception;
}

/// <summary>Builds its response by hand, without CreateResponse (wrong serialization, no flag, no opaque).</summary>
internal sealed class CarelessProcessor : IRequestProcessor
{
    public ValueTask<RemotingCommand?> ProcessAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken) =>
        ValueTask.FromResult<RemotingCommand?>(new RemotingCommand
        {
            Code = ResponseCode.Success,
            SerializeType = request.SerializeType == SerializeType.Json ? SerializeType.RocketMq : SerializeType.Json,
        });
}

/// <summary>Records channel events; each can be awaited.</summary>
public sealed class RecordingListener : IChannelEventListener
{
    private readonly TaskCompletionSource<IRemotingChannel> _connected =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource<IRemotingChannel> _closed =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _closedCount;

    public Task<IRemotingChannel> Connected => _connected.Task;

    public Task<IRemotingChannel> ClosedChannel => _closed.Task;

    public int ClosedCount => Volatile.Read(ref _closedCount);

    public void OnChannelConnected(IRemotingChannel channel) => _connected.TrySetResult(channel);

    public void OnChannelClosed(IRemotingChannel channel)
    {
        Interlocked.Increment(ref _closedCount);
        _closed.TrySetResult(channel);
    }
}

internal static class ChannelExtensions
{
    /// <summary>Completes when <paramref name="channel"/> closes.</summary>
    public static Task WhenClosedAsync(this IRemotingChannel channel)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Closed.Register(() => closed.TrySetResult());
        return closed.Task;
    }
}

/// <summary>Blocks its thread (no await) until released: a badly written processor must not stall the
/// connection's other requests.</summary>
internal sealed class BlockingProcessor : IRequestProcessor, IDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public void Release() => _release.Set();

    public ValueTask<RemotingCommand?> ProcessAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        _release.Wait(TimeSpan.FromSeconds(10), CancellationToken.None);
        return ValueTask.FromResult<RemotingCommand?>(RemotingCommand.CreateResponse(request, ResponseCode.Success));
    }

    public void Dispose() => _release.Dispose();
}

/// <summary>A listener whose every callback throws: the transport must log it and carry on.</summary>
internal sealed class ThrowingListener : IChannelEventListener
{
    public void OnChannelConnected(IRemotingChannel channel) => throw new InvalidOperationException("listener bug");

    public void OnChannelClosed(IRemotingChannel channel) => throw new InvalidOperationException("listener bug");
}
