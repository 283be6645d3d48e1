using System.Buffers;
using RocketMQ.Common.Protocol;

namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// One frame sliced out of a receive buffer without copying. The sequences alias the buffer they came from and
/// are valid only until that buffer is released (e.g. until <c>PipeReader.AdvanceTo</c>).
/// </summary>
public readonly struct RemotingFrame
{
    public RemotingFrame(SerializeType serializeType, ReadOnlySequence<byte> header, ReadOnlySequence<byte> body)
    {
        SerializeType = serializeType;
        Header = header;
        Body = body;
    }

    public SerializeType SerializeType { get; }

    public ReadOnlySequence<byte> Header { get; }

    public ReadOnlySequence<byte> Body { get; }
}
