using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport;

/// <summary>
/// The engine behind every transport: reads frames from an <see cref="IDuplexPipe"/>, completes pending
/// requests by opaque, hands incoming requests to the thread pool so the read loop never waits for a processor,
/// and serializes writes through one writer loop that flushes once per burst. TCP and in-memory transports
/// differ only in the pipe they pass in.
/// </summary>
/// <remarks>
/// Thread-safe. The connection owns the pipe from <see cref="Start"/> on and completes both of its sides once the
/// read and write loops have stopped. Closing is idempotent: the first <see cref="Close"/> (by the caller, the
/// peer, a protocol error or the idle check) fails every pending request with
/// <see cref="RemotingConnectionException"/>, cancels <see cref="Closed"/> and tells the listener exactly once.
/// Commands still queued for writing when the connection closes are discarded (as Netty's close does).
/// </remarks>
public sealed partial class RemotingConnection : IRemotingChannel
{
    private static long s_nextId;

    private readonly IDuplexPipe _pipe;
    private readonly RequestDispatcher _dispatcher;
    private readonly RemotingOptions _options;
    private readonly IChannelEventListener? _listener;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly bool _closeIdle;
    private readonly Action? _onClosed;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RemotingCommand>> _pending = new();
    private readonly Channel<RemotingCommand> _outbound =
        Channel.CreateUnbounded<RemotingCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closedSource = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _closeReason = "open";
    private int _started;
    private int _closed;

    /// <param name="pipe">The byte stream; owned by the connection from <see cref="Start"/> on.</param>
    /// <param name="localAddress">Shown in logs and <see cref="LocalAddress"/>.</param>
    /// <param name="remoteAddress">Shown in logs and <see cref="RemoteAddress"/>.</param>
    /// <param name="dispatcher">Handles requests the peer sends.</param>
    /// <param name="options">Frame limits, timeouts.</param>
    /// <param name="listener">Told about open/close; may be null. Its exceptions are logged, never thrown.</param>
    /// <param name="logger">Connection log.</param>
    /// <param name="time">Clock for request timeouts and idle detection.</param>
    /// <param name="closeIdle">Close when nothing was received for
    /// <see cref="RemotingOptions.ServerChannelMaxIdleTime"/> (server side, as Java's idle handler).</param>
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
        _pipe = pipe ?? throw new ArgumentNullException(nameof(pipe));
        LocalAddress = localAddress;
        RemoteAddress = remoteAddress;
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _listener = listener;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _closeIdle = closeIdle && options.ServerChannelMaxIdleTime != Timeout.InfiniteTimeSpan;
        _onClosed = onClosed;
        Id = Interlocked.Increment(ref s_nextId);
        _lastReceiveTimestamp = time.GetTimestamp();
    }

    public long Id { get; }

    public string RemoteAddress { get; }

    public string LocalAddress { get; }

    public bool IsActive => Volatile.Read(ref _closed) == 0;

    public CancellationToken Closed => _closedSource.Token;

    /// <summary>Why the connection closed ("open" while it is active).</summary>
    public string CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Completes when both loops have stopped and the transport was released (never faults).</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Tells the listener the connection opened, then starts the read and write loops. Call once.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"{this} was already started");
        }

        TransportLog.ConnectionOpened(_logger, Id, RemoteAddress);
        NotifyListener(opened: true);
        StartIdleCheck();
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
        StopIdleCheck();

        // Completing the queue first means an InvokeAsync racing with us either is failed below or fails to
        // enqueue. Cancelling the flush unblocks a writer stuck on a peer that stopped reading, so Stopped (and
        // a server's StopAsync) cannot hang on it.
        _outbound.Writer.TryComplete();
        CancelPendingIo();
        var failure = new RemotingConnectionException($"connection to {RemoteAddress} closed: {reason}");
        foreach (var pending in _pending)
        {
            if (_pending.TryRemove(pending.Key, out var removed))
            {
                removed.TrySetException(failure);
            }
        }

        _closedSource.Cancel();
        NotifyListener(opened: false);
    }

    /// <summary>
    /// Unblocks both loops. Once the write loop has seen the completed queue and the read loop has ended on its own
    /// (the peer closed), Release may already have completed the pipe, and a stream pipe's cancel then throws
    /// ObjectDisposedException: there is nothing left to unblock.
    /// </summary>
    private void CancelPendingIo()
    {
        try
        {
            _pipe.Output.CancelPendingFlush();
            _pipe.Input.CancelPendingRead();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public override string ToString() => $"connection {Id} {LocalAddress} <-> {RemoteAddress}";

    private void NotifyListener(bool opened)
    {
        if (_listener is null)
        {
            return;
        }

        try
        {
            if (opened)
            {
                _listener.OnChannelConnected(this);
            }
            else
            {
                _listener.OnChannelClosed(this);
            }
        }
#pragma warning disable CA1031 // A listener bug must not kill a read loop, an accept loop or a timer thread.
        catch (Exception e)
#pragma warning restore CA1031
        {
            TransportLog.ListenerFailed(_logger, e, Id, RemoteAddress, opened ? "connected" : "closed");
        }
    }

    private void Release()
    {
        // Both loops are done: nothing touches the pipe any more.
        try
        {
            _pipe.Input.Complete();
            var output = _pipe.Output;

            // A stream-backed writer's Complete() writes what is still buffered, synchronously; after a cancelled
            // flush to a peer that stopped reading that would block forever. Completing with an error discards it.
            if (output.CanGetUnflushedBytes && output.UnflushedBytes > 0)
            {
                output.Complete(new RemotingConnectionException($"{this} closed: {CloseReason}"));
            }
            else
            {
                output.Complete();
            }

            _onClosed?.Invoke();
        }
        finally
        {
            // _closedSource is not disposed: holders of Closed may still read its token.
            _stopped.TrySetResult();
        }
    }
}
