using System.Buffers.Binary;
using K4os.Hash.xxHash;

namespace RocketMQ.Store.Records;

/// <summary>
/// The payload of a <see cref="StoreRecordKinds.Messages"/> record: one producer send (a single message or a
/// SEND_BATCH_MESSAGE batch), all-or-nothing. Big-endian like the messages inside it.
/// </summary>
/// <remarks>
/// <code>
/// int32 magic ("MSB1") | int32 messageCount | uint64 XXH64 of every byte after this header
/// per message: uint32 XXH32 of the message's bytes | the message (<see cref="StoredMessageLayout"/>, TOTALSIZE bytes)
/// </code>
/// <para>Two checksums, each for the reader that needs it: the batch's XXH64 is checked when the entry is applied, so
/// a damaged batch is refused as a whole and never half-applied; a message's XXH32 (and RocketMQ's body CRC32) is
/// checked whenever that one message is read, so a read verifies what it serves without hashing the whole batch.
/// Both are computed with QUEUEOFFSET and PHYSICALOFFSET zero, as they are in the log.</para>
/// <para>A message's address (<see cref="Common.Messages.CommitLogOffset"/>) points at its TOTALSIZE field; its
/// XXH32 sits in the four bytes before it.</para>
/// </remarks>
public static class MessageBatchFormat
{
    /// <summary>"MSB1".</summary>
    public const int Magic = 0x4D534231;

    public const int HeaderBytes = 16;

    /// <summary>Bytes in front of each message (its XXH32).</summary>
    public const int MessagePrefixBytes = 4;

    /// <summary>Writes the header once the messages are in place after it; computes the batch checksum.</summary>
    public static void WriteHeader(Span<byte> record, int messageCount)
    {
        BinaryPrimitives.WriteInt32BigEndian(record, Magic);
        BinaryPrimitives.WriteInt32BigEndian(record[4..], messageCount);
        BinaryPrimitives.WriteUInt64BigEndian(record[8..], XXH64.DigestOf(record[HeaderBytes..]));
    }

    /// <summary>Writes a message's checksum into the four bytes before it.</summary>
    public static void SealMessage(Span<byte> prefixAndMessage) =>
        BinaryPrimitives.WriteUInt32BigEndian(prefixAndMessage,
            XXH32.DigestOf(prefixAndMessage[MessagePrefixBytes..]));

    /// <summary>
    /// Checks a whole record before anything in it is applied: header, batch checksum, and that the messages
    /// tile the record exactly, each structurally valid (<see cref="StoredMessage.TryRead"/>).
    /// </summary>
    public static BatchCheck Validate(ReadOnlySpan<byte> record, out int messageCount)
    {
        messageCount = 0;
        if (record.Length < HeaderBytes || BinaryPrimitives.ReadInt32BigEndian(record) != Magic)
        {
            return BatchCheck.BadHeader;
        }

        var declared = BinaryPrimitives.ReadInt32BigEndian(record[4..]);
        if (declared <= 0)
        {
            return BatchCheck.BadHeader;
        }

        if (BinaryPrimitives.ReadUInt64BigEndian(record[8..]) != XXH64.DigestOf(record[HeaderBytes..]))
        {
            return BatchCheck.ChecksumMismatch;
        }

        var position = HeaderBytes;
        var found = 0;
        while (position < record.Length)
        {
            // 1..3 bytes after the last message do not even hold a checksum: refuse rather than slice past the end.
            if (record.Length - position < MessagePrefixBytes
                || !StoredMessage.TryRead(record[(position + MessagePrefixBytes)..], out var message))
            {
                return BatchCheck.BadMessage;
            }

            position += MessagePrefixBytes + message.TotalSize;
            found++;
        }

        messageCount = found;
        return found == declared ? BatchCheck.Valid : BatchCheck.BadHeader;
    }

    /// <summary>
    /// Checks one message read on its own: its checksum (over <paramref name="message"/> exactly as it is in the log,
    /// i.e. before the offsets are filled in) and its structure. The checksum covers the body too, so RocketMQ's body
    /// CRC32 (written for clients) need not be recomputed on every read.
    /// </summary>
    public static bool VerifyMessage(uint expectedChecksum, ReadOnlySpan<byte> message, out StoredMessage view)
    {
        view = default;
        return XXH32.DigestOf(message) == expectedChecksum
               && StoredMessage.TryRead(message, out view) && view.TotalSize == message.Length;
    }

    /// <summary>The checksum stored in front of the message at <paramref name="position"/> of an entry.</summary>
    public static uint ChecksumBefore(ReadOnlySpan<byte> entryPayload, int position) =>
        BinaryPrimitives.ReadUInt32BigEndian(entryPayload[(position - MessagePrefixBytes)..]);
}

/// <summary>The outcome of <see cref="MessageBatchFormat.Validate"/>.</summary>
public enum BatchCheck
{
    Valid,

    /// <summary>Not a message batch, or the declared count disagrees with the messages present.</summary>
    BadHeader,

    /// <summary>The batch's bytes changed after it was written.</summary>
    ChecksumMismatch,

    /// <summary>A message's lengths are inconsistent (only possible for a batch written wrongly).</summary>
    BadMessage,
}
