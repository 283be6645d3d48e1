using System.Buffers.Binary;

namespace RocketMQ.Common.Replication;

/// <summary>
/// The byte layout of one log entry (version 1, little-endian): <c>int32 recordCount</c>, then per record
/// <c>uint16 kind, int32 length, length bytes</c>. Integrity of message bodies is the Store's concern (its own
/// CRCs); this layer guarantees only that lengths are consistent before anything is read through them.
/// </summary>
public static class RecordBatchFormat
{
    /// <summary>Bytes before the first record.</summary>
    public const int HeaderBytes = 4;

    /// <summary>Bytes in front of each record's payload.</summary>
    public const int RecordHeaderBytes = 6;

    /// <summary>Encoded size of a batch holding records with the given payload sizes.</summary>
    public static int RecordSize(int payloadBytes) => RecordHeaderBytes + payloadBytes;

    /// <summary>Writes the header for <paramref name="recordCount"/> records into the first bytes of a batch.</summary>
    public static void WriteHeader(Span<byte> destination, int recordCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recordCount);
        BinaryPrimitives.WriteInt32LittleEndian(destination, recordCount);
    }

    /// <summary>Writes one record; returns the bytes written.</summary>
    public static int WriteRecord(Span<byte> destination, RecordKind kind, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, kind.Value);
        BinaryPrimitives.WriteInt32LittleEndian(destination[2..], payload.Length);
        payload.CopyTo(destination[RecordHeaderBytes..]);
        return RecordHeaderBytes + payload.Length;
    }

    /// <summary>
    /// Checks that <paramref name="batch"/> is a complete, consistent batch: the declared record count matches the
    /// records present, no length runs past the end, nothing trails the last record.
    /// </summary>
    public static bool TryValidate(ReadOnlySpan<byte> batch, out int recordCount)
    {
        recordCount = 0;
        if (batch.Length < HeaderBytes)
        {
            return false;
        }

        var declared = BinaryPrimitives.ReadInt32LittleEndian(batch);
        var position = HeaderBytes;
        var found = 0;
        while (position < batch.Length)
        {
            if (batch.Length - position < RecordHeaderBytes)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(batch[(position + 2)..]);
            if (length < 0 || length > batch.Length - position - RecordHeaderBytes)
            {
                return false;
            }

            position += RecordHeaderBytes + length;
            found++;
        }

        recordCount = found;
        return found == declared;
    }
}
