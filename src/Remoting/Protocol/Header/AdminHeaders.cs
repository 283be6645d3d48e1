namespace RocketMQ.Remoting.Protocol.Header;

/// <summary>
/// UPDATE_AND_CREATE_TOPIC (17) request header (RocketMQ's CreateTopicRequestHeader). Java requires every field but
/// <c>topicSysFlag</c>; here <c>defaultTopic</c> and <c>order</c> may be absent too (the broker ignores the former,
/// the latter defaults to false), so admin clients that omit them still work.
/// </summary>
public sealed record CreateTopicRequestHeader : ICommandHeader<CreateTopicRequestHeader>
{
    /// <summary>The names <see cref="TopicFilterType"/> may take (Java's TopicFilterType enum).</summary>
    public static readonly IReadOnlyList<string> TopicFilterTypes = ["SINGLE_TAG", "MULTI_TAG"];

    public required string Topic { get; init; }

    /// <summary>The template topic the client names (TBW102); unused by the broker.</summary>
    public string? DefaultTopic { get; init; }

    public required int ReadQueueNums { get; init; }

    public required int WriteQueueNums { get; init; }

    /// <summary>Permission bits: 4 read, 2 write, 1 inherit.</summary>
    public required int Perm { get; init; }

    /// <summary>SINGLE_TAG or MULTI_TAG (checked when read, as Java's checkFields).</summary>
    public required string TopicFilterType { get; init; }

    public int? TopicSysFlag { get; init; }

    public bool Order { get; init; }

    public static CreateTopicRequestHeader ReadFrom(ExtFieldsReader fields)
    {
        var filterType = fields.RequiredString("topicFilterType");
        if (!TopicFilterTypes.Contains(filterType))
        {
            // Java's CreateTopicRequestHeader.checkFields wording.
            throw new RemotingCommandException($"topicFilterType = [{filterType}] value invalid");
        }

        return new CreateTopicRequestHeader
        {
            Topic = fields.RequiredString("topic"),
            DefaultTopic = fields.OptionalString("defaultTopic"),
            ReadQueueNums = fields.RequiredInt32("readQueueNums"),
            WriteQueueNums = fields.RequiredInt32("writeQueueNums"),
            Perm = fields.RequiredInt32("perm"),
            TopicFilterType = filterType,
            TopicSysFlag = fields.OptionalInt32("topicSysFlag"),
            Order = fields.OptionalBoolean("order") ?? false,
        };
    }

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("topic", Topic);
        extFields.Put("defaultTopic", DefaultTopic);
        extFields.Put("readQueueNums", ReadQueueNums);
        extFields.Put("writeQueueNums", WriteQueueNums);
        extFields.Put("perm", Perm);
        extFields.Put("topicFilterType", TopicFilterType);
        extFields.Put("topicSysFlag", TopicSysFlag);
        extFields.Put("order", Order);
    }
}

/// <summary>DELETE_SUBSCRIPTIONGROUP (207) request header.</summary>
public sealed record DeleteSubscriptionGroupRequestHeader : ICommandHeader<DeleteSubscriptionGroupRequestHeader>
{
    public required string GroupName { get; init; }

    /// <summary>Also drop the group's consumer offsets (Java's primitive boolean: absent = false).</summary>
    public bool RemoveOffset { get; init; }

    public static DeleteSubscriptionGroupRequestHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        GroupName = fields.RequiredString("groupName"),
        RemoveOffset = fields.OptionalBoolean("removeOffset") ?? false,
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("groupName", GroupName);
        extFields.Put("removeOffset", RemoveOffset);
    }
}

/// <summary>GET_BROKER_CONFIG (26) response header.</summary>
public sealed record GetBrokerConfigResponseHeader : ICommandHeader<GetBrokerConfigResponseHeader>
{
    /// <summary>The configuration's data version as JSON (<c>{"timestamp":…,"counter":…}</c>).</summary>
    public required string Version { get; init; }

    public static GetBrokerConfigResponseHeader ReadFrom(ExtFieldsReader fields) =>
        new() { Version = fields.RequiredString("version") };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("version", Version);
}

/// <summary>QUERY_MESSAGE (12) request header: messages of a topic carrying a key, stored in a time range.</summary>
public sealed record QueryMessageRequestHeader : ICommandHeader<QueryMessageRequestHeader>
{
    /// <summary>The ext field Java's client adds when querying by client message id (MixAll.UNIQUE_MSG_QUERY_FLAG):
    /// the broker then answers up to its default query count, whatever <see cref="MaxNum"/> says.</summary>
    public const string UniqueKeyQueryField = "_UNIQUE_KEY_QUERY";

    public required string Topic { get; init; }

    public required string Key { get; init; }

    public required int MaxNum { get; init; }

    /// <summary>Store time range start, ms since the epoch (inclusive).</summary>
    public required long BeginTimestamp { get; init; }

    /// <summary>Store time range end, ms since the epoch (inclusive).</summary>
    public required long EndTimestamp { get; init; }

    /// <summary>True when <see cref="UniqueKeyQueryField"/> is <c>true</c>.</summary>
    public bool UniqueKeyQuery { get; init; }

    public static QueryMessageRequestHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        Topic = fields.RequiredString("topic"),
        Key = fields.RequiredString("key"),
        MaxNum = fields.RequiredInt32("maxNum"),
        BeginTimestamp = fields.RequiredInt64("beginTimestamp"),
        EndTimestamp = fields.RequiredInt64("endTimestamp"),
        UniqueKeyQuery = fields.OptionalString(UniqueKeyQueryField) == "true",
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("topic", Topic);
        extFields.Put("key", Key);
        extFields.Put("maxNum", MaxNum);
        extFields.Put("beginTimestamp", BeginTimestamp);
        extFields.Put("endTimestamp", EndTimestamp);
        if (UniqueKeyQuery)
        {
            extFields.Put(UniqueKeyQueryField, "true");
        }
    }
}

/// <summary>QUERY_MESSAGE (12) response header: how far the broker's index reaches.</summary>
public sealed record QueryMessageResponseHeader : ICommandHeader<QueryMessageResponseHeader>
{
    /// <summary>Store time of the last indexed message (ms).</summary>
    public required long IndexLastUpdateTimestamp { get; init; }

    /// <summary>Commit-log offset of the last indexed message (Java spells the field <c>…Phyoffset</c>).</summary>
    public required long IndexLastUpdatePhyoffset { get; init; }

    public static QueryMessageResponseHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        IndexLastUpdateTimestamp = fields.RequiredInt64("indexLastUpdateTimestamp"),
        IndexLastUpdatePhyoffset = fields.RequiredInt64("indexLastUpdatePhyoffset"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("indexLastUpdateTimestamp", IndexLastUpdateTimestamp);
        extFields.Put("indexLastUpdatePhyoffset", IndexLastUpdatePhyoffset);
    }
}

/// <summary>VIEW_MESSAGE_BY_ID (33) request header: the commit-log offset decoded from an <c>offsetMsgId</c>.</summary>
public sealed record ViewMessageRequestHeader : ICommandHeader<ViewMessageRequestHeader>
{
    public required long Offset { get; init; }

    public static ViewMessageRequestHeader ReadFrom(ExtFieldsReader fields) =>
        new() { Offset = fields.RequiredInt64("offset") };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("offset", Offset);
}
