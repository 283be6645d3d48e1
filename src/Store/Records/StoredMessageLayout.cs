namespace RocketMQ.Store.Records;

/// <summary>
/// RocketMQ 4.x's stored message layout (<c>CommitLog.calMsgLength</c>, <c>MessageDecoder</c>), version 1 magic,
/// big-endian: the form a pull response carries and clients decode (ali-ons reads exactly this, IPv4 hosts only).
/// </summary>
/// <remarks>
/// <code>
/// 0  TOTALSIZE int32        4  MAGICCODE int32     8  BODYCRC int32      12 QUEUEID int32     16 FLAG int32
/// 20 QUEUEOFFSET int64      28 PHYSICALOFFSET int64                      36 SYSFLAG int32     40 BORNTIMESTAMP int64
/// 48 BORNHOST (4+4 or 16+4) STORETIMESTAMP int64   STOREHOST (4+4 or 16+4)  RECONSUMETIMES int32
/// PREPAREDTRANSACTIONOFFSET int64  BODYLEN int32 | body | TOPICLEN int8 | topic | PROPERTIESLEN int16 | properties
/// </code>
/// In the replicated log QUEUEOFFSET and PHYSICALOFFSET are zero: both are assigned when the entry is applied, and the
/// read path writes them into its copy of the message.
/// </remarks>
public static class StoredMessageLayout
{
    /// <summary>MESSAGE_MAGIC_CODE (v1, one-byte topic length).</summary>
    public const int MagicCode = -626843481;

    public const int TotalSizeOffset = 0;
    public const int MagicCodeOffset = 4;
    public const int BodyCrcOffset = 8;
    public const int QueueIdOffset = 12;
    public const int FlagOffset = 16;
    public const int QueueOffsetOffset = 20;
    public const int PhysicalOffsetOffset = 28;
    public const int SysFlagOffset = 36;
    public const int BornTimestampOffset = 40;
    public const int BornHostOffset = 48;

    /// <summary>MessageSysFlag.COMPRESSED_FLAG: the body is zlib-compressed.</summary>
    public const int CompressedFlag = 0x1;

    /// <summary>MessageSysFlag.MULTI_TAGS_FLAG.</summary>
    public const int MultiTagsFlag = 0x2;

    /// <summary>MessageSysFlag transaction bits (2–3).</summary>
    public const int TransactionMask = 0xC;

    public const int TransactionNotType = 0;
    public const int TransactionPreparedType = 0x4;
    public const int TransactionCommitType = 0x8;
    public const int TransactionRollbackType = 0xC;

    /// <summary>MessageSysFlag.BORNHOST_V6_FLAG.</summary>
    public const int BornHostV6Flag = 0x10;

    /// <summary>MessageSysFlag.STOREHOSTADDRESS_V6_FLAG.</summary>
    public const int StoreHostV6Flag = 0x20;

    /// <summary>Longest topic in UTF-8 bytes (v1's one-byte length; RocketMQ's TOPIC_MAX_LENGTH is 127).</summary>
    public const int MaxTopicBytes = 127;

    /// <summary>Longest properties string in UTF-8 bytes (a signed 16-bit length; Java refuses longer).</summary>
    public const int MaxPropertiesBytes = short.MaxValue;

    /// <summary>The fixed part: every field but hosts, body, topic and properties.</summary>
    private const int FixedBytes = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 4 + 8 + 4 + 1 + 2;

    /// <summary>Bytes of a host field: address and port.</summary>
    public static int HostBytes(bool ipv6) => (ipv6 ? 16 : 4) + 4;

    /// <summary>The encoded size of a message (Java's <c>calMsgLength</c>).</summary>
    public static int MessageLength(int sysFlag, int bodyLength, int topicLength, int propertiesLength) =>
        FixedBytes + HostBytes((sysFlag & BornHostV6Flag) != 0) + HostBytes((sysFlag & StoreHostV6Flag) != 0)
        + bodyLength + topicLength + propertiesLength;

    /// <summary>The smallest message (IPv4 hosts, empty body, topic and properties).</summary>
    public static int MinMessageLength => MessageLength(0, 0, 0, 0);

    /// <summary>Offset of STORETIMESTAMP for the given sysFlag.</summary>
    public static int StoreTimestampOffset(int sysFlag) => BornHostOffset + HostBytes((sysFlag & BornHostV6Flag) != 0);

    /// <summary>Offset of STOREHOST for the given sysFlag.</summary>
    public static int StoreHostOffset(int sysFlag) => StoreTimestampOffset(sysFlag) + 8;

    /// <summary>Offset of RECONSUMETIMES for the given sysFlag.</summary>
    public static int ReconsumeTimesOffset(int sysFlag) =>
        StoreHostOffset(sysFlag) + HostBytes((sysFlag & StoreHostV6Flag) != 0);

    /// <summary>Offset of BODYLEN for the given sysFlag.</summary>
    public static int BodyLengthOffset(int sysFlag) => ReconsumeTimesOffset(sysFlag) + 4 + 8;
}
