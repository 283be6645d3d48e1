using System.Buffers;
using RocketMQ.Common.Protocol;

namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// One frame sliced out of a receive buffer without copying. The sequences alias the buffer they came from and
/// are valid only until that buffer is released (e.g. until <c>PipeReader.AdvanceTo</c>); decode the frame with
/// <see cref="RemotingCommandCodec.Decode"/> before releasing it.
/// </summary>
public readonly struct RemotingFrame
{
    public RemotingFrame(SerializeType serializeType, ReadOnlySequence<byte> header, ReadOnlySequence<byte> body)
    {
        SerializeType = serializeType;
        Header = header;
        Body = body;
    }

    /// <summary>How <see cref="Header"/> is serialized (the high byte of the header-length word).</summary>
    public SerializeType SerializeType { get; }

    /// <summary>The serialized header, exactly header-length bytes.</summary>
    public ReadOnlySequence<byte> Header { get; }

    /// <summary>The body: the rest of the frame after the header; empty when the frame has none.</summary>
    public ReadOnlySequence<byte> Body { get; }
}
