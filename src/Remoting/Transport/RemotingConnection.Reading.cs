using System.Buffers;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport;

public sealed partial class RemotingConnection
{
    private async Task ReadLoopAsync()
    {
        var input = _pipe.Input;
        try
        {
            while (IsActive)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }

                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    OnBytesReceived();
                }

                var consumed = ReadFrames(buffer);
                var leftover = buffer.Slice(consumed).Length;
                input.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted)
                {
                    CloseAtEndOfStream(leftover);
                    break;
                }
            }
        }
        catch (RemotingProtocolException e)
        {
            // A frame that can never be valid: this connection cannot be resynchronized, the others are untouched.
            TransportLog.ProtocolError(_logger, Id, RemoteAddress, e.Message);
            Close("protocol error: " + e.Message);
        }
#pragma warning disable CA1031 // Any I/O failure ends this connection only.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Close($"read failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private void CloseAtEndOfStream(long leftoverBytes)
    {
        if (leftoverBytes == 0)
        {
            Close("closed by peer");
            return;
        }

        TransportLog.TruncatedFrame(_logger, Id, RemoteAddress, leftoverBytes);
        Close($"closed by peer in the middle of a frame ({leftoverBytes} bytes of a truncated frame discarded)");
    }

    /// <summary>Decodes and routes every complete frame in <paramref name="buffer"/>; returns the position after
    /// the last one. The frames' bytes are copied by the decoder, so the buffer can be released right after.</summary>
    private SequencePosition ReadFrames(ReadOnlySequence<byte> buffer)
    {
        while (RemotingFrameReader.TryReadFrame(
                   ref buffer, _options.MaxFrameBytes, _options.MaxHeaderBytes, out var frame))
        {
            OnCommand(RemotingCommandCodec.Decode(frame));
        }

        return buffer.Start;
    }

    private void OnCommand(RemotingCommand command)
    {
        if (command.IsResponse)
        {
            if (_pending.TryRemove(command.Opaque, out var pending))
            {
                pending.TrySetResult(command);
            }
            else
            {
                TransportLog.UnknownResponse(_logger, Id, RemoteAddress, command.Opaque);
            }

            return;
        }

        // Processors run on the thread pool, as Java runs them on executors off the Netty I/O thread: one that
        // blocks or long-polls (holds a pull for 15–30 s) never stalls the other requests on this connection.
        ThreadPool.UnsafeQueueUserWorkItem(new RequestWorkItem(this, command), preferLocal: false);
    }

    private async Task ProcessRequestAsync(RemotingCommand request)
    {
        var response = await _dispatcher.DispatchAsync(request, this, Closed).ConfigureAwait(false);
        if (response is null || request.IsOneway || !IsActive)
        {
            return;
        }

        // Whatever the processor built, the answer must match its request (ali-ons reads only JSON).
        response.Opaque = request.Opaque;
        response.SerializeType = request.SerializeType;
        response.MarkResponse();
        _outbound.Writer.TryWrite(response);
    }

    /// <summary>One request on its way to the dispatcher; the only allocation dispatch adds per request.</summary>
    private sealed class RequestWorkItem(RemotingConnection connection, RemotingCommand request) : IThreadPoolWorkItem
    {
        public void Execute() => _ = connection.ProcessRequestAsync(request);
    }
}
