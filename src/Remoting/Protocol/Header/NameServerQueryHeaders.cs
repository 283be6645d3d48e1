namespace RocketMQ.Remoting.Protocol.Header;

/// <summary>A header with one <c>topic</c> field: GET_ROUTEINFO_BY_TOPIC (105),
/// DELETE_TOPIC_IN_NAMESRV (216).</summary>
public sealed record TopicHeader : ICommandHeader<TopicHeader>
{
    public required string Topic { get; init; }

    public static TopicHeader ReadFrom(ExtFieldsReader fields) => new() { Topic = fields.RequiredString("topic") };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("topic", Topic);
}

/// <summary>GET_TOPICS_BY_CLUSTER (224) request header.</summary>
public sealed record ClusterHeader : ICommandHeader<ClusterHeader>
{
    public required string Cluster { get; init; }

    public static ClusterHeader ReadFrom(ExtFieldsReader fields) =>
        new() { Cluster = fields.RequiredString("cluster") };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("cluster", Cluster);
}

/// <summary>WIPE_WRITE_PERM_OF_BROKER (205) request header.</summary>
public sealed record BrokerNameHeader : ICommandHeader<BrokerNameHeader>
{
    public required string BrokerName { get; init; }

    public static BrokerNameHeader ReadFrom(ExtFieldsReader fields) =>
        new() { BrokerName = fields.RequiredString("brokerName") };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("brokerName", BrokerName);
}

/// <summary>WIPE_WRITE_PERM_OF_BROKER (205) response header.</summary>
public sealed record WipeWritePermResponseHeader : ICommandHeader<WipeWritePermResponseHeader>
{
    /// <summary>How many topics lost the write permission on that broker.</summary>
    public int WipeTopicCount { get; init; }

    public static WipeWritePermResponseHeader ReadFrom(ExtFieldsReader fields) =>
        new() { WipeTopicCount = fields.RequiredInt32("wipeTopicCount") };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("wipeTopicCount", WipeTopicCount);
}

/// <summary>PUT_KV_CONFIG (100), GET_KV_CONFIG (101), DELETE_KV_CONFIG (102) and GET_KVLIST_BY_NAMESPACE (219)
/// request header; <see cref="Key"/> and <see cref="Value"/> are required only by the codes that use them.</summary>
public sealed record KvConfigHeader : ICommandHeader<KvConfigHeader>
{
    public required string Namespace { get; init; }

    public string? Key { get; init; }

    public string? Value { get; init; }

    public static KvConfigHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        Namespace = fields.RequiredString("namespace"),
        Key = fields.OptionalString("key"),
        Value = fields.OptionalString("value"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("namespace", Namespace);
        extFields.Put("key", Key);
        extFields.Put("value", Value);
    }

    /// <summary>The key, or Java's missing-field error.</summary>
    public string RequiredKey => Key ?? throw RemotingCommandException.MissingField("key");

    /// <summary>The value, or Java's missing-field error.</summary>
    public string RequiredValue => Value ?? throw RemotingCommandException.MissingField("value");
}

/// <summary>GET_KV_CONFIG (101) response header.</summary>
public sealed record KvValueHeader : ICommandHeader<KvValueHeader>
{
    public string? Value { get; init; }

    public static KvValueHeader ReadFrom(ExtFieldsReader fields) => new() { Value = fields.OptionalString("value") };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("value", Value);
}
