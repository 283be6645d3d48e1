using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using RocketMQ.Common.Protocol;

namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// The ROCKETMQ binary header form (serialize type 1), big-endian:
/// <c>int16 code | int8 language | int16 version | int32 opaque | int32 flag | int32 remarkLen | remark |
/// int32 extLen | (int16 keyLen | key | int32 valueLen | value)*</c>, strings in UTF-8.
/// </summary>
/// <remarks>
/// As in Java's RocketMQSerializable (4.9.8): <c>code</c> and <c>version</c> travel as their low 16 bits and are
/// read back sign-extended (code 70000 arrives as 4464); a string of length 0 reads back as null, so an empty
/// remark arrives as null and an ext entry with an empty key or value arrives as absent (Java stores null, which
/// its header decoder treats as a missing field); null ext values are not written. An unknown language byte
/// reads as <see cref="LanguageCode.Other"/> (Java would store null). Every length is checked
/// against the bytes that remain (and, inside the ext block, against its end) before it is used.
/// </remarks>
internal static class RocketMqHeaderCodec
{
    private const int ExpectedExtFields = 16;
    private const int FixedPartBytes = 2 + 1 + 2 + 4 + 4 + 4 + 4;

    /// <summary>Reads a binary header into a new command (body not set).</summary>
    public static RemotingCommand Decode(in ReadOnlySequence<byte> header)
    {
        var reader = new SequenceReader<byte>(header);
        var command = new RemotingCommand { SerializeType = SerializeType.RocketMq };
        command.Code = ReadInt16(ref reader, "code");
        command.Language = LanguageCodeNames.FromByte(ReadByte(ref reader));
        command.Version = ReadInt16(ref reader, "version");
        command.Opaque = ReadInt32(ref reader, "opaque");
        command.Flag = ReadInt32(ref reader, "flag");
        var remarkLength = ReadInt32(ref reader, "remark length");
        command.Remark = remarkLength == 0 ? null : ReadString(ref reader, remarkLength, "remark");
        var extLength = ReadInt32(ref reader, "extFields length");
        if (extLength > 0)
        {
            command.ExtFields = ReadExtFields(ref reader, extLength);
        }
        else if (extLength < 0)
        {
            throw new RemotingProtocolException($"ROCKETMQ header has a negative extFields length {extLength}");
        }

        return command;
    }

    /// <summary>Exact encoded size of the header of <paramref name="command"/>.</summary>
    public static int GetHeaderLength(RemotingCommand command)
    {
        var length = FixedPartBytes;
        if (command.Remark is { Length: > 0 } remark)
        {
            length += Encoding.UTF8.GetByteCount(remark);
        }

        return checked(length + GetExtFieldsLength(command.ExtFields));
    }

    /// <summary>Writes the header into <paramref name="destination"/>, which must hold
    /// <see cref="GetHeaderLength"/> bytes.</summary>
    public static void Encode(RemotingCommand command, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt16BigEndian(destination, (short)command.Code);
        destination[2] = (byte)command.Language;
        BinaryPrimitives.WriteInt16BigEndian(destination[3..], (short)command.Version);
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], command.Opaque);
        BinaryPrimitives.WriteInt32BigEndian(destination[9..], command.Flag);
        var position = 13;
        var remarkLength = command.Remark is { Length: > 0 } remark
            ? Encoding.UTF8.GetBytes(remark, destination[(position + 4)..])
            : 0;
        BinaryPrimitives.WriteInt32BigEndian(destination[position..], remarkLength);
        position += 4 + remarkLength;

        var extLengthPosition = position;
        position += 4;
        if (command.ExtFields is { } extFields)
        {
            foreach (var (key, value) in extFields)
            {
                if (value is null)
                {
                    continue;
                }

                var keyLength = Encoding.UTF8.GetBytes(key, destination[(position + 2)..]);
                BinaryPrimitives.WriteInt16BigEndian(destination[position..], (short)keyLength);
                position += 2 + keyLength;
                var valueLength = Encoding.UTF8.GetBytes(value, destination[(position + 4)..]);
                BinaryPrimitives.WriteInt32BigEndian(destination[position..], valueLength);
                position += 4 + valueLength;
            }
        }

        BinaryPrimitives.WriteInt32BigEndian(destination[extLengthPosition..], position - extLengthPosition - 4);
    }

    private static int GetExtFieldsLength(Dictionary<string, string>? extFields)
    {
        if (extFields is null)
        {
            return 0;
        }

        var length = 0;
        foreach (var (key, value) in extFields)
        {
            if (value is null)
            {
                continue;
            }

            var keyLength = Encoding.UTF8.GetByteCount(key);
            if (keyLength > short.MaxValue)
            {
                throw new ArgumentException($"ext field key of {keyLength} bytes does not fit a ROCKETMQ header");
            }

            // Checked: a header past 2 GiB must fail as OverflowException before anything is written.
            length = checked(length + 2 + keyLength + 4 + Encoding.UTF8.GetByteCount(value));
        }

        return length;
    }

    private static Dictionary<string, string> ReadExtFields(ref SequenceReader<byte> reader, int extLength)
    {
        if (extLength > reader.Remaining)
        {
            throw new RemotingProtocolException(
                $"ROCKETMQ header extFields length {extLength} runs past the end of the header " +
                $"({reader.Remaining} bytes left)");
        }

        var end = reader.Consumed + extLength;
        // Sends and pulls carry 10-14 fields: size once instead of growing 3 -> 7 -> 17.
        var fields = new Dictionary<string, string>(ExpectedExtFields, StringComparer.Ordinal);
        while (reader.Consumed < end)
        {
            var keyLength = ReadInt16(ref reader, "ext key length");
            var key = ReadString(ref reader, keyLength, "ext key", end);
            var valueLength = ReadInt32(ref reader, "ext value length");
            var value = ReadString(ref reader, valueLength, "ext value", end);
            if (keyLength > 0 && valueLength > 0)
            {
                fields[key] = value;
            }
        }

        return fields;
    }

    private static string ReadString(ref SequenceReader<byte> reader, int length, string what, long end = -1)
    {
        var limit = end < 0 ? reader.Remaining : end - reader.Consumed;
        if (length < 0)
        {
            throw new RemotingProtocolException($"ROCKETMQ header has a negative {what} length {length}");
        }

        if (length > limit)
        {
            throw new RemotingProtocolException(
                $"ROCKETMQ header {what} length {length} runs past the end of the " +
                (end < 0 ? "header" : "extFields block") + $" ({Math.Max(limit, 0)} bytes left)");
        }

        if (length == 0)
        {
            return string.Empty;
        }

        var bytes = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        return bytes.IsSingleSegment ? KnownStrings.Get(bytes.FirstSpan) : Encoding.UTF8.GetString(bytes);
    }

    private static byte ReadByte(ref SequenceReader<byte> reader) =>
        reader.TryRead(out var value) ? value : throw Truncated("language");

    private static short ReadInt16(ref SequenceReader<byte> reader, string what) =>
        reader.TryReadBigEndian(out short value) ? value : throw Truncated(what);

    private static int ReadInt32(ref SequenceReader<byte> reader, string what) =>
        reader.TryReadBigEndian(out int value) ? value : throw Truncated(what);

    private static RemotingProtocolException Truncated(string what) =>
        new($"ROCKETMQ header is truncated at {what}");
}
