using System.Buffers.Binary;
using static RocketMQ.Store.Records.StoredMessageLayout;

namespace RocketMQ.Store.Records;

/// <summary>
/// A read-only view of one message in <see cref="StoredMessageLayout"/>, checked by <see cref="TryRead"/> before any
/// length in it is trusted. Allocation-free; valid as long as the bytes it views.
/// </summary>
public readonly ref struct StoredMessage
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly int _bodyLengthOffset;
    private readonly int _bodyLength;
    private readonly int _topicLength;
    private readonly int _propertiesLength;

    private StoredMessage(ReadOnlySpan<byte> bytes, int bodyLengthOffset, int bodyLength, int topicLength,
        int propertiesLength)
    {
        _bytes = bytes;
        _bodyLengthOffset = bodyLengthOffset;
        _bodyLength = bodyLength;
        _topicLength = topicLength;
        _propertiesLength = propertiesLength;
    }

    /// <summary>The message's bytes (exactly <see cref="TotalSize"/> of them).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public int TotalSize => _bytes.Length;

    public int BodyCrc => BinaryPrimitives.ReadInt32BigEndian(_bytes[BodyCrcOffset..]);

    public int QueueId => BinaryPrimitives.ReadInt32BigEndian(_bytes[QueueIdOffset..]);

    public int Flag => BinaryPrimitives.ReadInt32BigEndian(_bytes[FlagOffset..]);

    public long QueueOffset => BinaryPrimitives.ReadInt64BigEndian(_bytes[QueueOffsetOffset..]);

    public long PhysicalOffset => BinaryPrimitives.ReadInt64BigEndian(_bytes[PhysicalOffsetOffset..]);

    public int SysFlag => BinaryPrimitives.ReadInt32BigEndian(_bytes[SysFlagOffset..]);

    public long BornTimestamp => BinaryPrimitives.ReadInt64BigEndian(_bytes[BornTimestampOffset..]);

    /// <summary>Born host address and port (4 or 16 address bytes, then a big-endian int32 port).</summary>
    public ReadOnlySpan<byte> BornHost => _bytes.Slice(BornHostOffset, HostBytes((SysFlag & BornHostV6Flag) != 0));

    public long StoreTimestamp => BinaryPrimitives.ReadInt64BigEndian(_bytes[StoreTimestampOffset(SysFlag)..]);

    /// <summary>Store host address and port (4 or 16 address bytes, then a big-endian int32 port).</summary>
    public ReadOnlySpan<byte> StoreHost =>
        _bytes.Slice(StoreHostOffset(SysFlag), HostBytes((SysFlag & StoreHostV6Flag) != 0));

    public int ReconsumeTimes => BinaryPrimitives.ReadInt32BigEndian(_bytes[ReconsumeTimesOffset(SysFlag)..]);

    public long PreparedTransactionOffset =>
        BinaryPrimitives.ReadInt64BigEndian(_bytes[(ReconsumeTimesOffset(SysFlag) + 4)..]);

    public ReadOnlySpan<byte> Body => _bytes.Slice(_bodyLengthOffset + 4, _bodyLength);

    /// <summary>The topic in UTF-8.</summary>
    public ReadOnlySpan<byte> Topic => _bytes.Slice(_bodyLengthOffset + 4 + _bodyLength + 1, _topicLength);

    /// <summary>The properties string in UTF-8 (<c>name\u0001value\u0002</c>…).</summary>
    public ReadOnlySpan<byte> Properties => _bytes.Slice(_bytes.Length - _propertiesLength, _propertiesLength);

    /// <summary>The transaction type bits of <see cref="SysFlag"/>.</summary>
    public int TransactionType => SysFlag & TransactionMask;

    /// <summary>
    /// Views the message at the start of <paramref name="source"/> after checking the magic code and that every
    /// length field agrees with TOTALSIZE and stays inside <paramref name="source"/>.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out StoredMessage message)
    {
        message = default;
        if (source.Length < MinMessageLength)
        {
            return false;
        }

        var totalSize = BinaryPrimitives.ReadInt32BigEndian(source);
        if (totalSize < MinMessageLength || totalSize > source.Length
            || BinaryPrimitives.ReadInt32BigEndian(source[MagicCodeOffset..]) != MagicCode)
        {
            return false;
        }

        var bytes = source[..totalSize];
        var sysFlag = BinaryPrimitives.ReadInt32BigEndian(bytes[SysFlagOffset..]);
        var bodyLengthOffset = BodyLengthOffset(sysFlag);
        if (bodyLengthOffset + 4 > totalSize)
        {
            return false;
        }

        var bodyLength = BinaryPrimitives.ReadInt32BigEndian(bytes[bodyLengthOffset..]);
        var topicLengthOffset = bodyLengthOffset + 4 + (long)bodyLength;
        if (bodyLength < 0 || topicLengthOffset + 1 > totalSize)
        {
            return false;
        }

        var topicLength = bytes[(int)topicLengthOffset];
        var propertiesLengthOffset = (int)topicLengthOffset + 1 + topicLength;
        if (topicLength > MaxTopicBytes || propertiesLengthOffset + 2 > totalSize)
        {
            return false;
        }

        var propertiesLength = BinaryPrimitives.ReadInt16BigEndian(bytes[propertiesLengthOffset..]);
        if (propertiesLength < 0 || propertiesLengthOffset + 2 + propertiesLength != totalSize)
        {
            return false;
        }

        message = new StoredMessage(bytes, bodyLengthOffset, bodyLength, topicLength, propertiesLength);
        return true;
    }
}
