using System.Buffers;
using System.Buffers.Binary;
using RocketMQ.Common.Protocol;

namespace RocketMQ.Remoting.Protocol;

/// <summary>Turns frames into commands and commands into frames, in either header serialization.</summary>
public static class RemotingCommandCodec
{
    private const int PrefixBytes = 8;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? s_jsonScratch;

    /// <summary>
    /// Decodes the header of <paramref name="frame"/> in its serialization and copies the body once into a new
    /// array (the frame's memory belongs to the receive buffer). The command's
    /// <see cref="RemotingCommand.SerializeType"/> records the serialization so the response can use the same one.
    /// </summary>
    /// <exception cref="RemotingProtocolException">Malformed JSON, or a truncated/inconsistent binary
    /// header.</exception>
    public static RemotingCommand Decode(in RemotingFrame frame)
    {
        var command = frame.SerializeType == SerializeType.Json
            ? JsonHeaderCodec.Decode(frame.Header)
            : RocketMqHeaderCodec.Decode(frame.Header);
        if (!frame.Body.IsEmpty)
        {
            command.Body = frame.Body.ToArray();
        }

        return command;
    }

    /// <summary>Writes one complete frame for <paramref name="command"/> in its serialization.</summary>
    /// <exception cref="ArgumentException">The header is longer than the 24-bit header-length word allows.</exception>
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
            JsonHeaderCodec.Encode(command, scratch);
            WritePrefix(output, SerializeType.Json, scratch.WrittenCount, body.Length);
            output.Write(scratch.WrittenSpan);
        }
        else
        {
            var headerLength = RocketMqHeaderCodec.GetHeaderLength(command);
            WritePrefix(output, SerializeType.RocketMq, headerLength, body.Length);
            var destination = output.GetSpan(headerLength);
            RocketMqHeaderCodec.Encode(command, destination);
            output.Advance(headerLength);
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
