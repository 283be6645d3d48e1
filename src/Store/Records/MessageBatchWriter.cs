using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using static RocketMQ.Store.Records.StoredMessageLayout;

namespace RocketMQ.Store.Records;

/// <summary>Encodes producer messages into a <see cref="MessageBatchFormat"/> record.</summary>
public static class MessageBatchWriter
{
    private static readonly IPEndPoint Unknown = new(IPAddress.Any, 0);

    /// <summary>The encoded size of one message as <see cref="Write"/> will write it.</summary>
    public static int MessageLength(in MessageToStore message, IPEndPoint storeHost) =>
        StoredMessageLayout.MessageLength(SysFlagOf(message, storeHost), message.Body.Length,
            Encoding.UTF8.GetByteCount(message.Topic), PropertiesLength(message));

    /// <summary>UTF-8 length of the message's properties string.</summary>
    public static int PropertiesLength(in MessageToStore message) =>
        message.Properties is null ? 0 : Encoding.UTF8.GetByteCount(message.Properties);

    /// <summary>The record size for <paramref name="messages"/>.</summary>
    public static int RecordLength(ReadOnlySpan<MessageToStore> messages, IPEndPoint storeHost)
    {
        var length = MessageBatchFormat.HeaderBytes;
        foreach (ref readonly var message in messages)
        {
            length += MessageBatchFormat.MessagePrefixBytes + MessageLength(message, storeHost);
        }

        return length;
    }

    /// <summary>
    /// Writes the record for <paramref name="messages"/> into <paramref name="destination"/> (exactly
    /// <see cref="RecordLength"/> bytes); the caller has checked topic and properties lengths.
    /// </summary>
    public static void Write(Span<byte> destination, ReadOnlySpan<MessageToStore> messages, long storeTimestamp,
        IPEndPoint storeHost)
    {
        var position = MessageBatchFormat.HeaderBytes;
        foreach (ref readonly var message in messages)
        {
            var written = WriteMessage(destination[(position + MessageBatchFormat.MessagePrefixBytes)..], message,
                storeTimestamp, storeHost);
            MessageBatchFormat.SealMessage(destination.Slice(position, MessageBatchFormat.MessagePrefixBytes + written));
            position += MessageBatchFormat.MessagePrefixBytes + written;
        }

        MessageBatchFormat.WriteHeader(destination[..position], messages.Length);
    }

    private static int WriteMessage(Span<byte> destination, in MessageToStore message, long storeTimestamp,
        IPEndPoint storeHost)
    {
        var sysFlag = SysFlagOf(message, storeHost);
        var body = message.Body.Span;
        BinaryPrimitives.WriteInt32BigEndian(destination[MagicCodeOffset..], MagicCode);
        // RocketMQ's UtilAll.crc32 clears the top bit: clients and tools compare against that value.
        BinaryPrimitives.WriteInt32BigEndian(destination[BodyCrcOffset..],
            (int)(System.IO.Hashing.Crc32.HashToUInt32(body) & 0x7FFFFFFF));
        BinaryPrimitives.WriteInt32BigEndian(destination[QueueIdOffset..], message.QueueId);
        BinaryPrimitives.WriteInt32BigEndian(destination[FlagOffset..], message.Flag);
        BinaryPrimitives.WriteInt64BigEndian(destination[QueueOffsetOffset..], 0);
        BinaryPrimitives.WriteInt64BigEndian(destination[PhysicalOffsetOffset..], 0);
        BinaryPrimitives.WriteInt32BigEndian(destination[SysFlagOffset..], sysFlag);
        BinaryPrimitives.WriteInt64BigEndian(destination[BornTimestampOffset..], message.BornTimestamp);
        var position = BornHostOffset + WriteHost(destination[BornHostOffset..], message.BornHost ?? Unknown);
        BinaryPrimitives.WriteInt64BigEndian(destination[position..], storeTimestamp);
        position += 8;
        position += WriteHost(destination[position..], storeHost);
        BinaryPrimitives.WriteInt32BigEndian(destination[position..], message.ReconsumeTimes);
        BinaryPrimitives.WriteInt64BigEndian(destination[(position + 4)..], message.PreparedTransactionOffset);
        position += 12;
        BinaryPrimitives.WriteInt32BigEndian(destination[position..], body.Length);
        body.CopyTo(destination[(position + 4)..]);
        position += 4 + body.Length;
        var topicLength = Encoding.UTF8.GetBytes(message.Topic, destination[(position + 1)..]);
        destination[position] = (byte)topicLength;
        position += 1 + topicLength;
        var propertiesLength = message.Properties is null ? 0
            : Encoding.UTF8.GetBytes(message.Properties, destination[(position + 2)..]);
        BinaryPrimitives.WriteInt16BigEndian(destination[position..], (short)propertiesLength);
        position += 2 + propertiesLength;
        BinaryPrimitives.WriteInt32BigEndian(destination, position);
        return position;
    }

    private static int SysFlagOf(in MessageToStore message, IPEndPoint storeHost)
    {
        var sysFlag = message.SysFlag & ~(BornHostV6Flag | StoreHostV6Flag);
        if (message.BornHost?.AddressFamily == AddressFamily.InterNetworkV6)
        {
            sysFlag |= BornHostV6Flag;
        }

        return storeHost.AddressFamily == AddressFamily.InterNetworkV6 ? sysFlag | StoreHostV6Flag : sysFlag;
    }

    private static int WriteHost(Span<byte> destination, IPEndPoint host)
    {
        host.Address.TryWriteBytes(destination, out var written);
        BinaryPrimitives.WriteInt32BigEndian(destination[written..], host.Port);
        return written + 4;
    }
}
