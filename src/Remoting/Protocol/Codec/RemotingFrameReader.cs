using System.Buffers;
using System.Buffers.Binary;
using RocketMQ.Common.Protocol;

namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// Slices RocketMQ frames (<c>int32 length | int32 (serializeType &lt;&lt; 24 | headerLength) | header | body</c>)
/// out of a byte sequence. Allocates nothing; validates every length before trusting it.
/// </summary>
public static class RemotingFrameReader
{
    private const int LengthWordBytes = 4;
    private const int HeaderLengthMask = 0x00FF_FFFF;

    /// <summary>
    /// Slices one complete frame off the front of <paramref name="buffer"/> and advances it past the frame.
    /// Returns false, leaving <paramref name="buffer"/> untouched, when more bytes are needed.
    /// </summary>
    /// <exception cref="RemotingProtocolException">
    /// The frame can never be valid: a negative length, a length under 4, a length over
    /// <paramref name="maxFrameBytes"/> (detected from the length word alone, before the frame arrives), a header
    /// over <paramref name="maxHeaderBytes"/> or longer than the frame, or an unknown serialization type.
    /// </exception>
    public static bool TryReadFrame(
        ref ReadOnlySequence<byte> buffer, int maxFrameBytes, int maxHeaderBytes, out RemotingFrame frame)
    {
        frame = default;
        if (buffer.Length < LengthWordBytes)
        {
            return false;
        }

        var frameLength = ReadInt32BigEndian(buffer, 0);
        ValidateFrameLength(frameLength, maxFrameBytes);
        if (buffer.Length < 2 * LengthWordBytes)
        {
            return false;
        }

        var headerWord = ReadInt32BigEndian(buffer, LengthWordBytes);
        var serializeType = (byte)((uint)headerWord >> 24);
        var headerLength = headerWord & HeaderLengthMask;
        ValidateHeader(serializeType, headerLength, frameLength, maxHeaderBytes);
        if (buffer.Length < LengthWordBytes + (long)frameLength)
        {
            return false;
        }

        var header = buffer.Slice(2 * LengthWordBytes, headerLength);
        var body = buffer.Slice(2 * LengthWordBytes + headerLength, frameLength - LengthWordBytes - headerLength);
        frame = new RemotingFrame((SerializeType)serializeType, header, body);
        buffer = buffer.Slice(LengthWordBytes + frameLength);
        return true;
    }

    private static void ValidateFrameLength(int frameLength, int maxFrameBytes)
    {
        if (frameLength < 0)
        {
            throw new RemotingProtocolException($"negative frame length {frameLength}");
        }

        if (frameLength < LengthWordBytes)
        {
            throw new RemotingProtocolException(
                $"frame length {frameLength} is shorter than its 4-byte header-length word");
        }

        if (frameLength > maxFrameBytes)
        {
            throw new RemotingProtocolException(
                $"frame length {frameLength} exceeds the limit of {maxFrameBytes} bytes");
        }
    }

    private static void ValidateHeader(byte serializeType, int headerLength, int frameLength, int maxHeaderBytes)
    {
        if (serializeType > (byte)SerializeType.RocketMq)
        {
            throw new RemotingProtocolException(
                $"unknown serialization type {serializeType} (0 = JSON, 1 = ROCKETMQ)");
        }

        if (headerLength > maxHeaderBytes)
        {
            throw new RemotingProtocolException(
                $"header length {headerLength} exceeds the limit of {maxHeaderBytes} bytes");
        }

        if (headerLength > frameLength - LengthWordBytes)
        {
            throw new RemotingProtocolException(
                $"header length {headerLength} does not fit in a frame of length {frameLength}");
        }
    }

    private static int ReadInt32BigEndian(in ReadOnlySequence<byte> buffer, int offset)
    {
        var first = buffer.FirstSpan;
        if (first.Length >= offset + 4)
        {
            return BinaryPrimitives.ReadInt32BigEndian(first[offset..]);
        }

        // The word straddles segments: gather its four bytes on the stack.
        Span<byte> word = stackalloc byte[4];
        buffer.Slice(offset, 4).CopyTo(word);
        return BinaryPrimitives.ReadInt32BigEndian(word);
    }
}
