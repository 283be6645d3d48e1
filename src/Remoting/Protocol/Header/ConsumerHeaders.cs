namespace RocketMQ.Remoting.Protocol.Header;

/// <summary>PULL_MESSAGE (11) <c>sysFlag</c> bits, as RocketMQ's <c>PullSysFlag</c>.</summary>
public static class PullSysFlag
{
    /// <summary>The request carries <c>commitOffset</c> for the broker to store.</summary>
    public const int CommitOffset = 0x1;

    /// <summary>The broker may hold the pull (long polling) while the queue has nothing new.</summary>
    public const int Suspend = 0x2;

    /// <summary>The request carries its subscription expression (else the broker uses the heartbeat's).</summary>
    public const int Subscription = 0x4;

    /// <summary>Class filter mode (filter servers; not served by this broker, read as "every message").</summary>
    public const int ClassFilter = 0x8;

    /// <summary>Sent by the lite pull consumer.</summary>
    public const int LitePull = 0x10;
}

/// <summary>PULL_MESSAGE (11) request header (<c>PullMessageRequestHeader</c>).</summary>
/// <remarks>Java requires every field but <c>subscription</c> and <c>expressionType</c>; here
/// <c>commitOffset</c>, <c>suspendTimeoutMillis</c> and <c>subVersion</c> default to 0 when absent, since
/// nothing depends on their presence.</remarks>
public sealed record PullMessageRequestHeader : ICommandHeader<PullMessageRequestHeader>
{
    public required string ConsumerGroup { get; init; }

    public required string Topic { get; init; }

    public required int QueueId { get; init; }

    /// <summary>The first queue offset wanted.</summary>
    public required long QueueOffset { get; init; }

    public required int MaxMsgNums { get; init; }

    /// <summary><see cref="PullSysFlag"/> bits.</summary>
    public required int SysFlag { get; init; }

    /// <summary>The consumer's offset for this queue, stored when <see cref="PullSysFlag.CommitOffset"/> is set.
    /// </summary>
    public long CommitOffset { get; init; }

    /// <summary>How long the broker may hold the pull (ms).</summary>
    public long SuspendTimeoutMillis { get; init; }

    /// <summary>The subscription expression (tags <c>a || b</c>, or <c>*</c>), with the subscription flag.</summary>
    public string? Subscription { get; init; }

    public long SubVersion { get; init; }

    /// <summary><c>TAG</c> (default) or <c>SQL92</c>.</summary>
    public string? ExpressionType { get; init; }

    public static PullMessageRequestHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        ConsumerGroup = fields.RequiredString("consumerGroup"),
        Topic = fields.RequiredString("topic"),
        QueueId = fields.RequiredInt32("queueId"),
        QueueOffset = fields.RequiredInt64("queueOffset"),
        MaxMsgNums = fields.RequiredInt32("maxMsgNums"),
        SysFlag = fields.RequiredInt32("sysFlag"),
        CommitOffset = fields.OptionalInt64("commitOffset") ?? 0,
        SuspendTimeoutMillis = fields.OptionalInt64("suspendTimeoutMillis") ?? 0,
        Subscription = fields.OptionalString("subscription"),
        SubVersion = fields.OptionalInt64("subVersion") ?? 0,
        ExpressionType = fields.OptionalString("expressionType"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("consumerGroup", ConsumerGroup);
        extFields.Put("topic", Topic);
        extFields.Put("queueId", QueueId);
        extFields.Put("queueOffset", QueueOffset);
        extFields.Put("maxMsgNums", MaxMsgNums);
        extFields.Put("sysFlag", SysFlag);
        extFields.Put("commitOffset", CommitOffset);
        extFields.Put("suspendTimeoutMillis", SuspendTimeoutMillis);
        extFields.Put("subscription", Subscription);
        extFields.Put("subVersion", SubVersion);
        extFields.Put("expressionType", ExpressionType);
    }
}

/// <summary>PULL_MESSAGE (11) response header.</summary>
public sealed record PullMessageResponseHeader : ICommandHeader<PullMessageResponseHeader>
{
    /// <summary>The broker id to pull from next (0 = the master / Raft leader).</summary>
    public long SuggestWhichBrokerId { get; init; }

    public long NextBeginOffset { get; init; }

    public long MinOffset { get; init; }

    public long MaxOffset { get; init; }

    public static PullMessageResponseHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        SuggestWhichBrokerId = fields.RequiredInt64("suggestWhichBrokerId"),
        NextBeginOffset = fields.RequiredInt64("nextBeginOffset"),
        MinOffset = fields.RequiredInt64("minOffset"),
        MaxOffset = fields.RequiredInt64("maxOffset"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("suggestWhichBrokerId", SuggestWhichBrokerId);
        extFields.Put("nextBeginOffset", NextBeginOffset);
        extFields.Put("minOffset", MinOffset);
        extFields.Put("maxOffset", MaxOffset);
    }
}

/// <summary>QUERY_CONSUMER_OFFSET (14) request header; with <see cref="CommitOffset"/> also UPDATE_CONSUMER_OFFSET
/// (15), where Java requires it.</summary>
public sealed record ConsumerOffsetRequestHeader : ICommandHeader<ConsumerOffsetRequestHeader>
{
    public required string ConsumerGroup { get; init; }

    public required string Topic { get; init; }

    public required int QueueId { get; init; }

    /// <summary>The offset to store (UPDATE_CONSUMER_OFFSET only; null in a query).</summary>
    public long? CommitOffset { get; init; }

    public static ConsumerOffsetRequestHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        ConsumerGroup = fields.RequiredString("consumerGroup"),
        Topic = fields.RequiredString("topic"),
        QueueId = fields.RequiredInt32("queueId"),
        CommitOffset = fields.OptionalInt64("commitOffset"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("consumerGroup", ConsumerGroup);
        extFields.Put("topic", Topic);
        extFields.Put("queueId", QueueId);
        extFields.Put("commitOffset", CommitOffset);
    }
}

/// <summary>A header naming one queue: GET_MAX_OFFSET (30), GET_MIN_OFFSET (31), GET_EARLIEST_MSG_STORETIME (32);
/// with <see cref="Timestamp"/> SEARCH_OFFSET_BY_TIMESTAMP (29), where Java requires it.</summary>
public sealed record QueueRequestHeader : ICommandHeader<QueueRequestHeader>
{
    public required string Topic { get; init; }

    public required int QueueId { get; init; }

    /// <summary>Milliseconds since the epoch (SEARCH_OFFSET_BY_TIMESTAMP only).</summary>
    public long? Timestamp { get; init; }

    public static QueueRequestHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        Topic = fields.RequiredString("topic"),
        QueueId = fields.RequiredInt32("queueId"),
        Timestamp = fields.OptionalInt64("timestamp"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("topic", Topic);
        extFields.Put("queueId", QueueId);
        extFields.Put("timestamp", Timestamp);
    }
}

/// <summary>A response header with one <c>offset</c>: QUERY_CONSUMER_OFFSET (14), SEARCH_OFFSET_BY_TIMESTAMP
/// (29), GET_MAX_OFFSET (30), GET_MIN_OFFSET (31).</summary>
public sealed record OffsetResponseHeader : ICommandHeader<OffsetResponseHeader>
{
    public long Offset { get; init; }

    public static OffsetResponseHeader ReadFrom(ExtFieldsReader fields) =>
        new() { Offset = fields.RequiredInt64("offset") };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("offset", Offset);
}

/// <summary>GET_EARLIEST_MSG_STORETIME (32) response header.</summary>
public sealed record TimestampResponseHeader : ICommandHeader<TimestampResponseHeader>
{
    /// <summary>Store time (ms) of the queue's first readable message; -1 when there is none.</summary>
    public long Timestamp { get; init; }

    public static TimestampResponseHeader ReadFrom(ExtFieldsReader fields) =>
        new() { Timestamp = fields.RequiredInt64("timestamp") };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("timestamp", Timestamp);
}

/// <summary>UNREGISTER_CLIENT (35) request header (Java spells the client id field <c>clientID</c>).</summary>
public sealed record UnregisterClientRequestHeader : ICommandHeader<UnregisterClientRequestHeader>
{
    public required string ClientId { get; init; }

    public string? ProducerGroup { get; init; }

    public string? ConsumerGroup { get; init; }

    public static UnregisterClientRequestHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        ClientId = fields.RequiredString("clientID"),
        ProducerGroup = fields.OptionalString("producerGroup"),
        ConsumerGroup = fields.OptionalString("consumerGroup"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("clientID", ClientId);
        extFields.Put("producerGroup", ProducerGroup);
        extFields.Put("consumerGroup", ConsumerGroup);
    }
}

/// <summary>A header naming a consumer group: GET_CONSUMER_LIST_BY_GROUP (38), NOTIFY_CONSUMER_IDS_CHANGED (40),
/// GET_CONSUMER_CONNECTION_LIST (203); with the optional <see cref="Topic"/> GET_CONSUME_STATS (208).</summary>
public sealed record ConsumerGroupHeader : ICommandHeader<ConsumerGroupHeader>
{
    public required string ConsumerGroup { get; init; }

    /// <summary>GET_CONSUME_STATS only: one topic, or null/blank for every topic the group has offsets on.</summary>
    public string? Topic { get; init; }

    public static ConsumerGroupHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        ConsumerGroup = fields.RequiredString("consumerGroup"),
        Topic = fields.OptionalString("topic"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("consumerGroup", ConsumerGroup);
        extFields.Put("topic", Topic);
    }
}

/// <summary>GET_PRODUCER_CONNECTION_LIST (204) request header.</summary>
public sealed record ProducerGroupHeader : ICommandHeader<ProducerGroupHeader>
{
    public required string ProducerGroup { get; init; }

    public static ProducerGroupHeader ReadFrom(ExtFieldsReader fields) =>
        new() { ProducerGroup = fields.RequiredString("producerGroup") };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("producerGroup", ProducerGroup);
}
