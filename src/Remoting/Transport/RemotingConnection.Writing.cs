using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport;

public sealed partial class RemotingConnection
{
    /// <summary>Commands encoded between flushes at most, so one huge burst still reaches the wire steadily.</summary>
    private const int MaxCommandsPerFlush = 256;

    /// <summary>Bytes buffered before a flush is forced even if more commands are queued (bounds the buffer when
    /// large pull responses pile up).</summary>
    private const int FlushThresholdBytes = 256 * 1024;

    public ValueTask SendAsync(RemotingCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        Enqueue(command);
        return ValueTask.CompletedTask;
    }

    public async Task<RemotingCommand> InvokeAsync(
        RemotingCommand request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "timeout must be positive or infinite");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var pending = new TaskCompletionSource<RemotingCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(request.Opaque, pending))
        {
            throw new InvalidOperationException($"a request with opaque {request.Opaque} is already in flight");
        }

        try
        {
            Enqueue(request);
            return await pending.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"request code {request.Code} (opaque {request.Opaque}) to {RemoteAddress} got no response " +
                $"within {timeout.TotalMilliseconds} ms");
        }
        finally
        {
            // A late response then finds no entry and is dropped (logged at debug level).
            _pending.TryRemove(KeyValuePair.Create(request.Opaque, pending));
        }
    }

    public ValueTask InvokeOnewayAsync(RemotingCommand request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        request.MarkOneway();
        Enqueue(request);
        return ValueTask.CompletedTask;
    }

    private void Enqueue(RemotingCommand command)
    {
        if (!_outbound.Writer.TryWrite(command))
        {
            throw new RemotingConnectionException($"connection to {RemoteAddress} is closed: {CloseReason}");
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        var output = _pipe.Output;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false) && IsActive)
            {
                // Encode everything queued (bounded), then flush once: many small responses, one syscall.
                var encoded = 0;
                while (encoded < MaxCommandsPerFlush && reader.TryRead(out var command))
                {
                    encoded += TryEncode(command) ? 1 : 0;
                    if (output.CanGetUnflushedBytes && output.UnflushedBytes >= FlushThresholdBytes)
                    {
                        break;
                    }
                }

                var flush = await output.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    Close("peer stopped reading");
                    break;
                }
            }
        }
#pragma warning disable CA1031 // Any I/O failure ends this connection only.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Close($"write failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private bool TryEncode(RemotingCommand command)
    {
        try
        {
            RemotingCommandCodec.Encode(command, _pipe.Output);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            // Only the command is bad (e.g. a header over 16 MiB), and the codec throws before writing any of it:
            // fail its caller, keep the connection.
            TransportLog.EncodeFailed(_logger, e, Id, RemoteAddress, command.Code);
            if (!command.IsResponse && _pending.TryRemove(command.Opaque, out var pending))
            {
                pending.TrySetException(e);
            }

            return false;
        }
    }
}
