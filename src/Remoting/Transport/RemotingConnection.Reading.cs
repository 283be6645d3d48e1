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
                    Interlocked.Exchange(ref _lastReceiveTimestamp, _time.GetTimestamp());
                }

                var consumed = ReadFrames(ref buffer);
                input.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted)
                {
                    Close(buffer.Slice(consumed).IsEmpty
                        ? "closed by peer"
                        : $"closed by peer in the middle of a frame ({buffer.Slice(consumed).Length} bytes of a " +
                          "truncated frame discarded)");
                    break;
                }
            }
        }
        catch (RemotingProtocolException e)
        {
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

    /// <summary>Decodes every complete frame in <paramref name="buffer"/>; returns the position after the last.</summary>
    private SequencePosition ReadFrames(ref ReadOnlySequence<byte> buffer)
    {
        var remaining = buffer;
        while (RemotingFrameReader.TryReadFrame(
                   ref remaining, _options.MaxFrameBytes, _options.MaxHeaderBytes, out var frame))
        {
            OnCommand(RemotingCommandCodec.Decode(frame));
        }

        return remaining.Start;
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

        // Not awaited: a long-polling processor may hold its request for seconds while others flow.
        _ = ProcessRequestAsync(command);
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
}
