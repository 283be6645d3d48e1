namespace RocketMQ.Remoting.Protocol.Header;

/// <summary>
/// SEND_MESSAGE (10) request header with RocketMQ's full field names, and the one model every send code decodes
/// into: SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320) carry the same fields under one-letter names
/// (<see cref="SendMessageRequestHeaderV2"/>), read into this type as Java's
/// <c>SendMessageRequestHeaderV2.createSendMessageRequestHeaderV1</c> converts them.
/// </summary>
/// <remarks>Required fields (Java's <c>@CFNotNull</c>): producerGroup, topic, defaultTopic, defaultTopicQueueNums,
/// queueId, sysFlag, bornTimestamp, flag. A missing or malformed one is reported naming the field.</remarks>
public sealed record SendMessageRequestHeader : ICommandHeader<SendMessageRequestHeader>
{
    public required string ProducerGroup { get; init; }

    public required string Topic { get; init; }

    /// <summary>The topic a missing <see cref="Topic"/> is created from (normally TBW102).</summary>
    public required string DefaultTopic { get; init; }

    /// <summary>Queues the producer asks an auto-created topic to have (capped by the template's).</summary>
    public int DefaultTopicQueueNums { get; init; }

    /// <summary>The target queue; negative lets the broker choose one at random.</summary>
    public int QueueId { get; init; }

    /// <summary>MessageSysFlag bits of the message (compressed, multi-tags, transaction type).</summary>
    public int SysFlag { get; init; }

    public long BornTimestamp { get; init; }

    /// <summary>The producer's message flag (opaque to the broker).</summary>
    public int Flag { get; init; }

    /// <summary>The properties (<c>name\u0001value\u0002</c>…); for a batch, properties every message gets.</summary>
    public string? Properties { get; init; }

    /// <summary>How often the message was consumed before (a consumer re-sending into <c>%RETRY%</c>).</summary>
    public int? ReconsumeTimes { get; init; }

    public bool UnitMode { get; init; }

    /// <summary>The body holds several messages (SEND_BATCH_MESSAGE).</summary>
    public bool Batch { get; init; }

    /// <summary>The consumer's retry limit for a re-sent message; null = the group's.</summary>
    public int? MaxReconsumeTimes { get; init; }

    /// <summary>The broker name the client addressed (<c>bname</c>, V2 <c>n</c>); informational.</summary>
    public string? BrokerName { get; init; }

    public static SendMessageRequestHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        ProducerGroup = fields.RequiredString("producerGroup"),
        Topic = fields.RequiredString("topic"),
        DefaultTopic = fields.RequiredString("defaultTopic"),
        DefaultTopicQueueNums = fields.RequiredInt32("defaultTopicQueueNums"),
        QueueId = fields.RequiredInt32("queueId"),
        SysFlag = fields.RequiredInt32("sysFlag"),
        BornTimestamp = fields.RequiredInt64("bornTimestamp"),
        Flag = fields.RequiredInt32("flag"),
        Properties = fields.OptionalString("properties"),
        ReconsumeTimes = fields.OptionalInt32("reconsumeTimes"),
        UnitMode = fields.OptionalBoolean("unitMode") ?? false,
        Batch = fields.OptionalBoolean("batch") ?? false,
        MaxReconsumeTimes = fields.OptionalInt32("maxReconsumeTimes"),
        BrokerName = fields.OptionalString("bname"),
    };

    /// <summary>Reads the one-letter form of SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE (a … n).</summary>
    public static SendMessageRequestHeader ReadV2From(ExtFieldsReader fields) => new()
    {
        ProducerGroup = fields.RequiredString("a"),
        Topic = fields.RequiredString("b"),
        DefaultTopic = fields.RequiredString("c"),
        DefaultTopicQueueNums = fields.RequiredInt32("d"),
        QueueId = fields.RequiredInt32("e"),
        SysFlag = fields.RequiredInt32("f"),
        BornTimestamp = fields.RequiredInt64("g"),
        Flag = fields.RequiredInt32("h"),
        Properties = fields.OptionalString("i"),
        ReconsumeTimes = fields.OptionalInt32("j"),
        UnitMode = fields.OptionalBoolean("k") ?? false,
        MaxReconsumeTimes = fields.OptionalInt32("l"),
        Batch = fields.OptionalBoolean("m") ?? false,
        BrokerName = fields.OptionalString("n"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("producerGroup", ProducerGroup);
        extFields.Put("topic", Topic);
        extFields.Put("defaultTopic", DefaultTopic);
        extFields.Put("defaultTopicQueueNums", DefaultTopicQueueNums);
        extFields.Put("queueId", QueueId);
        extFields.Put("sysFlag", SysFlag);
        extFields.Put("bornTimestamp", BornTimestamp);
        extFields.Put("flag", Flag);
        extFields.Put("properties", Properties);
        extFields.Put("reconsumeTimes", ReconsumeTimes);
        extFields.Put("unitMode", UnitMode);
        extFields.Put("batch", Batch);
        extFields.Put("maxReconsumeTimes", MaxReconsumeTimes);
        extFields.Put("bname", BrokerName);
    }

    /// <summary>Writes the one-letter form (SEND_MESSAGE_V2, SEND_BATCH_MESSAGE).</summary>
    public void WriteV2To(IDictionary<string, string> extFields)
    {
        extFields.Put("a", ProducerGroup);
        extFields.Put("b", Topic);
        extFields.Put("c", DefaultTopic);
        extFields.Put("d", DefaultTopicQueueNums);
        extFields.Put("e", QueueId);
        extFields.Put("f", SysFlag);
        extFields.Put("g", BornTimestamp);
        extFields.Put("h", Flag);
        extFields.Put("i", Properties);
        extFields.Put("j", ReconsumeTimes);
        extFields.Put("k", UnitMode);
        extFields.Put("l", MaxReconsumeTimes);
        extFields.Put("m", Batch);
        extFields.Put("n", BrokerName);
    }
}

/// <summary>
/// SEND_MESSAGE_V2 (310) / SEND_BATCH_MESSAGE (320) request header: <see cref="SendMessageRequestHeader"/>'s fields
/// under Java's one-letter names (a producerGroup … n brokerName), which keeps a header of every send small.
/// </summary>
public sealed record SendMessageRequestHeaderV2 : ICommandHeader<SendMessageRequestHeaderV2>
{
    /// <summary>The fields, as the V1 model.</summary>
    public required SendMessageRequestHeader Header { get; init; }

    public static SendMessageRequestHeaderV2 ReadFrom(ExtFieldsReader fields) =>
        new() { Header = SendMessageRequestHeader.ReadV2From(fields) };

    public void WriteTo(IDictionary<string, string> extFields) => Header.WriteV2To(extFields);
}

/// <summary>Response header of SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE.</summary>
public sealed record SendMessageResponseHeader : ICommandHeader<SendMessageResponseHeader>
{
    /// <summary>The stored message's <c>offsetMsgId</c>; for a batch, every message's, joined with ','.</summary>
    public required string MsgId { get; init; }

    public int QueueId { get; init; }

    /// <summary>Queue offset of the (first) message.</summary>
    public long QueueOffset { get; init; }

    public string? TransactionId { get; init; }

    public static SendMessageResponseHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        MsgId = fields.RequiredString("msgId"),
        QueueId = fields.RequiredInt32("queueId"),
        QueueOffset = fields.RequiredInt64("queueOffset"),
        TransactionId = fields.OptionalString("transactionId"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("msgId", MsgId);
        extFields.Put("queueId", QueueId);
        extFields.Put("queueOffset", QueueOffset);
        extFields.Put("transactionId", TransactionId);
    }
}

/// <summary>
/// CONSUMER_SEND_MSG_BACK (36) request header: a consumer hands a message it failed to consume back to the broker,
/// which re-stores it for a later retry (or in the dead-letter queue).
/// </summary>
public sealed record ConsumerSendMsgBackRequestHeader : ICommandHeader<ConsumerSendMsgBackRequestHeader>
{
    /// <summary>Commit-log offset of the message as the consumer received it.</summary>
    public long Offset { get; init; }

    /// <summary>The consumer group.</summary>
    public required string Group { get; init; }

    /// <summary>0 = the broker picks (3 + reconsume times); negative = straight to the dead-letter queue.</summary>
    public int DelayLevel { get; init; }

    public string? OriginMsgId { get; init; }

    public string? OriginTopic { get; init; }

    public bool UnitMode { get; init; }

    /// <summary>The consumer's retry limit; null = the group's <c>retryMaxTimes</c>.</summary>
    public int? MaxReconsumeTimes { get; init; }

    public static ConsumerSendMsgBackRequestHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        Offset = fields.RequiredInt64("offset"),
        Group = fields.RequiredString("group"),
        DelayLevel = fields.RequiredInt32("delayLevel"),
        OriginMsgId = fields.OptionalString("originMsgId"),
        OriginTopic = fields.OptionalString("originTopic"),
        UnitMode = fields.OptionalBoolean("unitMode") ?? false,
        MaxReconsumeTimes = fields.OptionalInt32("maxReconsumeTimes"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("offset", Offset);
        extFields.Put("group", Group);
        extFields.Put("delayLevel", DelayLevel);
        extFields.Put("originMsgId", OriginMsgId);
        extFields.Put("originTopic", OriginTopic);
        extFields.Put("unitMode", UnitMode);
        extFields.Put("maxReconsumeTimes", MaxReconsumeTimes);
    }
}
