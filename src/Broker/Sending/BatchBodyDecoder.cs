using System.Buffers.Binary;
using System.Text;

namespace RocketMQ.Broker.Sending;

/// <summary>
/// Decodes a SEND_BATCH_MESSAGE body as RocketMQ's <c>MessageDecoder.decodeMessages</c> does: messages back to
/// back, each <c>int32 totalSize | int32 magic | int32 bodyCRC | int32 flag | int32 bodyLen | body |
/// int16 propertiesLen | properties</c>. As in Java the walk follows the body and properties lengths (totalSize,
/// magic and CRC are not used); unlike Java every length is checked against what remains, so a malformed body is
/// refused with the reason instead of failing half-way.
/// </summary>
internal static class BatchBodyDecoder
{
    /// <summary>Bytes of a message without body and properties.</summary>
    public const int FixedBytes = (5 * sizeof(int)) + sizeof(short);

    /// <summary>
    /// Appends each message of <paramref name="body"/> to <paramref name="messages"/>; the bodies are slices of
    /// <paramref name="body"/> (not copied). Returns null when the whole body decoded, else why not.
    /// </summary>
    public static string? TryDecode(ReadOnlyMemory<byte> body, List<BatchItem> messages)
    {
        var span = body.Span;
        var position = 0;
        while (position < span.Length)
        {
            var index = messages.Count;
            if (span.Length - position < FixedBytes)
            {
                return $"batch message {index} is truncated: {span.Length - position} bytes left at byte {position}";
            }

            var flag = BinaryPrimitives.ReadInt32BigEndian(span[(position + 12)..]);
            var bodyLength = BinaryPrimitives.ReadInt32BigEndian(span[(position + 16)..]);
            var bodyStart = position + 20;
            if (bodyLength < 0 || bodyLength > span.Length - bodyStart - sizeof(short))
            {
                return $"batch message {index} declares a body of {bodyLength} bytes; only "
                    + $"{span.Length - bodyStart - sizeof(short)} remain";
            }

            var propertiesAt = bodyStart + bodyLength;
            var propertiesLength = BinaryPrimitives.ReadInt16BigEndian(span[propertiesAt..]);
            var propertiesStart = propertiesAt + sizeof(short);
            if (propertiesLength < 0 || propertiesLength > span.Length - propertiesStart)
            {
                return $"batch message {index} declares {propertiesLength} bytes of properties; only "
                    + $"{span.Length - propertiesStart} remain";
            }

            var properties = propertiesLength == 0
                ? null
                : Encoding.UTF8.GetString(span.Slice(propertiesStart, propertiesLength));
            messages.Add(new BatchItem(flag, body.Slice(bodyStart, bodyLength), properties));
            position = propertiesStart + propertiesLength;
        }

        return messages.Count == 0 ? "the batch holds no message" : null;
    }

    /// <summary>Encodes messages in the batch layout (what producers send; used by tests and tools).</summary>
    public static byte[] Encode(IReadOnlyList<BatchItem> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var stream = new MemoryStream();
        Span<byte> fixedPart = stackalloc byte[20];
        Span<byte> length = stackalloc byte[2];
        foreach (var message in messages)
        {
            var properties = Encoding.UTF8.GetBytes(message.Properties ?? "");
            var total = FixedBytes + message.Body.Length + properties.Length;
            BinaryPrimitives.WriteInt32BigEndian(fixedPart, total);
            BinaryPrimitives.WriteInt32BigEndian(fixedPart[4..], 0);
            BinaryPrimitives.WriteInt32BigEndian(fixedPart[8..], 0);
            BinaryPrimitives.WriteInt32BigEndian(fixedPart[12..], message.Flag);
            BinaryPrimitives.WriteInt32BigEndian(fixedPart[16..], message.Body.Length);
            stream.Write(fixedPart);
            stream.Write(message.Body.Span);
            BinaryPrimitives.WriteInt16BigEndian(length, checked((short)properties.Length));
            stream.Write(length);
            stream.Write(properties);
        }

        return stream.ToArray();
    }
}

/// <summary>One message of a batch body.</summary>
/// <param name="Flag">The producer's flag.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="Properties">The message's own properties string, or null.</param>
internal readonly record struct BatchItem(int Flag, ReadOnlyMemory<byte> Body, string? Properties);
