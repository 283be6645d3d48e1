using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport;

/// <summary>
/// The engine behind every transport: reads frames from an <see cref="IDuplexPipe"/>, completes pending
/// requests by opaque, dispatches incoming requests without blocking the read loop, and serializes writes
/// through one writer loop that flushes once per burst. TCP and in-memory transports differ only in the pipe.
/// </summary>
/// <remarks>Thread-safe. Closing is idempotent and reported to the listener exactly once.</remarks>
public sealed partial class RemotingConnection : IRemotingChannel
{
    private static long s_nextId;

    private readonly IDuplexPipe _pipe;
    private readonly RequestDispatcher _dispatcher;
    private readonly RemotingOptions _options;
    private readonly IChannelEventListener? _listener;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action? _onClosed;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RemotingCommand>> _pending = new();
    private readonly Channel<RemotingCommand> _outbound =
        Channel.CreateUnbounded<RemotingCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closedSource = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer? _idleTimer;
    private long _lastReceiveTimestamp;
    private string _closeReason = "open";
    private int _closed;

    /// <param name="pipe">The byte stream; the connection completes both sides when it closes.</param>
    /// <param name="localAddress">Shown in logs and <see cref="LocalAddress"/>.</param>
    /// <param name="remoteAddress">Shown in logs and <see cref="RemoteAddress"/>.</param>
    /// <param name="dispatcher">Handles requests the peer sends.</param>
    /// <param name="options">Frame limits, timeouts.</param>
    /// <param name="listener">Told about open/close; may be null.</param>
    /// <param name="logger">Connection log.</param>
    /// <param name="time">Clock for request timeouts and idle detection.</param>
    /// <param name="closeIdle">Close when nothing was received for <see cref="RemotingOptions.ServerChannelMaxIdleTime"/>
    /// (server side, as Java's idle handler).</param>
    /// <param name="onClosed">Releases the transport (e.g. the socket) after both loops stopped.</param>
    public RemotingConnection(
        IDuplexPipe pipe,
        string localAddress,
        string remoteAddress,
        RequestDispatcher dispatcher,
        RemotingOptions options,
        IChannelEventListener? listener,
        ILogger logger,
        TimeProvider time,
        bool closeIdle,
        Action? onClosed = null)
    {
        _pipe = pipe;
        LocalAddress = localAddress;
        RemoteAddress = remoteAddress;
        _dispatcher = dispatcher;
        _options = options;
        _listener = listener;
        _logger = logger;
        _time = time;
        _onClosed = onClosed;
        Id = Interlocked.Increment(ref s_nextId);
        _lastReceiveTimestamp = time.GetTimestamp();
        if (closeIdle && options.ServerChannelMaxIdleTime != Timeout.InfiniteTimeSpan)
        {
            var period = options.ServerChannelMaxIdleTime / 4;
            _idleTimer = time.CreateTimer(static state => ((RemotingConnection)state!).CheckIdle(), this, period, period);
        }
    }

    public long Id { get; }

    public string RemoteAddress { get; }

    public string LocalAddress { get; }

    public bool IsActive => Volatile.Read(ref _closed) == 0;

    public CancellationToken Closed => _closedSource.Token;

    /// <summary>Why the connection closed ("open" while it is active).</summary>
    public string CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Completes when both loops have stopped and the transport was released.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Starts the read and write loops; call once.</summary>
    public void Start()
    {
        TransportLog.ConnectionOpened(_logger, Id, RemoteAddress);
        _listener?.OnChannelConnected(this);
        var reading = Task.Run(ReadLoopAsync);
        var writing = Task.Run(WriteLoopAsync);
        _ = Task.WhenAll(reading, writing).ContinueWith(
            static (_, state) => ((RemotingConnection)state!).Release(), this, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _closeReason, reason);
        TransportLog.ConnectionClosed(_logger, Id, RemoteAddress, reason);
        _idleTimer?.Dispose();
        _outbound.Writer.TryComplete();
        _pipe.Input.CancelPendingRead();
        var failure = new RemotingConnectionException($"connection to {RemoteAddress} closed: {reason}");
        foreach (var opaque in _pending.Keys)
        {
            if (_pending.TryRemove(opaque, out var pending))
            {
                pending.TrySetException(failure);
            }
        }

        _closedSource.Cancel();
        _listener?.OnChannelClosed(this);
    }

    public override string ToString() => $"connection {Id} {LocalAddress} <-> {RemoteAddress}";

    private void CheckIdle()
    {
        if (_time.GetElapsedTime(Interlocked.Read(ref _lastReceiveTimestamp)) >= _options.ServerChannelMaxIdleTime)
        {
            Close($"idle for {_options.ServerChannelMaxIdleTime.TotalSeconds} s");
        }
    }

    private void Release()
    {
        // Both loops are done: nothing touches the pipe any more.
        _pipe.Input.Complete();
        _pipe.Output.Complete();
        try
        {
            _onClosed?.Invoke();
        }
        finally
        {
            // _closedSource is not disposed: holders of Closed may still read its token.
            _stopped.TrySetResult();
        }
    }
}
