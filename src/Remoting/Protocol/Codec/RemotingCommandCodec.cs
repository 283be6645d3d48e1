using System.Buffers;
using System.Buffers.Binary;
using RocketMQ.Common.Protocol;

namespace RocketMQ.Remoting.Protocol;

/// <summary>Turns frames into commands and commands into frames, in either header serialization.</summary>
public static class RemotingCommandCodec
{
    private const int PrefixBytes = 8;

    // A thread that once encoded a huge header (properties can be large) should not pin that buffer forever.
    private const int RetainedScratchBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? s_jsonScratch;

    /// <summary>
    /// Decodes the header of <paramref name="frame"/> in its serialization and copies the body once into a new
    /// array (the frame's memory belongs to the receive buffer). The command's
    /// <see cref="RemotingCommand.SerializeType"/> records the serialization so the response can use the same one.
    /// </summary>
    /// <exception cref="RemotingProtocolException">Malformed JSON (or a header that is not one JSON object), a
    /// truncated/inconsistent binary header, or a serialization type other than JSON/ROCKETMQ (possible only for
    /// a frame not produced by <see cref="RemotingFrameReader"/>). The message says which.</exception>
    public static RemotingCommand Decode(in RemotingFrame frame)
    {
        var command = frame.SerializeType switch
        {
            SerializeType.Json => JsonHeaderCodec.Decode(frame.Header),
            SerializeType.RocketMq => RocketMqHeaderCodec.Decode(frame.Header),
            _ => throw new RemotingProtocolException(
                $"unknown serialization type {(byte)frame.SerializeType} (0 = JSON, 1 = ROCKETMQ)"),
        };
        if (!frame.Body.IsEmpty)
        {
            command.Body = frame.Body.ToArray();
        }

        return command;
    }

    /// <summary>
    /// Writes one complete frame for <paramref name="command"/> (length word, header-length word, header, body)
    /// in <see cref="RemotingCommand.SerializeType"/>. Allocates nothing at steady state: a JSON header is staged
    /// in a per-thread scratch buffer, a binary header is written straight into <paramref name="output"/>.
    /// Not for concurrent use of one <paramref name="output"/>; any thread may call it for its own writer.
    /// </summary>
    /// <exception cref="ArgumentException">The command cannot be framed: the header is longer than the 24-bit
    /// header-length word allows, a binary ext key is over 32,767 UTF-8 bytes, or the serialization type is
    /// unknown. Thrown before anything is written to <paramref name="output"/>, so the connection stays usable.
    /// (A lone surrogate in a string is not an error: both forms write it as U+FFFD.)</exception>
    /// <exception cref="OverflowException">The frame would exceed 2 GiB; also thrown before writing.</exception>
    public static void Encode(RemotingCommand command, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        var body = command.Body.Span;
        if (command.SerializeType == SerializeType.Json)
        {
            // JSON length is unknown until written: stage the header in a per-thread scratch buffer.
            var scratch = s_jsonScratch ??= new ArrayBufferWriter<byte>(1024);
            scratch.ResetWrittenCount();
            try
            {
                JsonHeaderCodec.Encode(command, scratch);
                WritePrefix(output, SerializeType.Json, scratch.WrittenCount, body.Length);
                output.Write(scratch.WrittenSpan);
            }
            finally
            {
                if (scratch.Capacity > RetainedScratchBytes)
                {
                    s_jsonScratch = null;
                    JsonHeaderCodec.ReleaseOutput();
                }
            }
        }
        else if (command.SerializeType == SerializeType.RocketMq)
        {
            var headerLength = RocketMqHeaderCodec.GetHeaderLength(command);
            WritePrefix(output, SerializeType.RocketMq, headerLength, body.Length);
            var destination = output.GetSpan(headerLength);
            RocketMqHeaderCodec.Encode(command, destination);
            output.Advance(headerLength);
        }
        else
        {
            throw new ArgumentException(
                $"unknown serialization type {(byte)command.SerializeType}", nameof(command));
        }

        if (!body.IsEmpty)
        {
            output.Write(body);
        }
    }

    /// <summary>Encodes into a new array; for tests and tools, not hot paths.</summary>
    public static byte[] EncodeToArray(RemotingCommand command)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Encode(command, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WritePrefix(IBufferWriter<byte> output, SerializeType type, int headerLength, int bodyLength)
    {
        if (headerLength > 0x00FF_FFFF)
        {
            throw new ArgumentException($"header of {headerLength} bytes exceeds the 24-bit header length");
        }

        var prefix = output.GetSpan(PrefixBytes);
        BinaryPrimitives.WriteInt32BigEndian(prefix, checked(4 + headerLength + bodyLength));
        BinaryPrimitives.WriteInt32BigEndian(prefix[4..], ((int)type << 24) | headerLength);
        output.Advance(PrefixBytes);
    }
}
