namespace RocketMQ.Remoting.Protocol.Header;

/// <summary>REGISTER_BROKER (103) request header.</summary>
public sealed record RegisterBrokerRequestHeader : ICommandHeader<RegisterBrokerRequestHeader>
{
    public required string BrokerName { get; init; }

    public required string BrokerAddr { get; init; }

    public required string ClusterName { get; init; }

    public required string HaServerAddr { get; init; }

    /// <summary>0 = master; slaves 1, 2, ….</summary>
    public required long BrokerId { get; init; }

    /// <summary>True when the body uses RegisterBrokerBody's deflated binary form instead of JSON.</summary>
    public bool Compressed { get; init; }

    /// <summary>CRC32 of the body (masked to 31 bits as Java's UtilAll.crc32); 0 = not checked.</summary>
    public int BodyCrc32 { get; init; }

    public static RegisterBrokerRequestHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        BrokerName = fields.RequiredString("brokerName"),
        BrokerAddr = fields.RequiredString("brokerAddr"),
        ClusterName = fields.RequiredString("clusterName"),
        HaServerAddr = fields.RequiredString("haServerAddr"),
        BrokerId = fields.RequiredInt64("brokerId"),
        Compressed = fields.OptionalBoolean("compressed") ?? false,
        BodyCrc32 = fields.OptionalInt32("bodyCrc32") ?? 0,
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("brokerName", BrokerName);
        extFields.Put("brokerAddr", BrokerAddr);
        extFields.Put("clusterName", ClusterName);
        extFields.Put("haServerAddr", HaServerAddr);
        extFields.Put("brokerId", BrokerId);
        extFields.Put("compressed", Compressed);
        extFields.Put("bodyCrc32", BodyCrc32);
    }
}

/// <summary>REGISTER_BROKER (103) response header: where a slave finds its master.</summary>
public sealed record RegisterBrokerResponseHeader : ICommandHeader<RegisterBrokerResponseHeader>
{
    public string? HaServerAddr { get; init; }

    public string? MasterAddr { get; init; }

    public static RegisterBrokerResponseHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        HaServerAddr = fields.OptionalString("haServerAddr"),
        MasterAddr = fields.OptionalString("masterAddr"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("haServerAddr", HaServerAddr);
        extFields.Put("masterAddr", MasterAddr);
    }
}

/// <summary>UNREGISTER_BROKER (104) and QUERY_DATA_VERSION (322) request header: which broker.</summary>
public sealed record BrokerIdentityHeader : ICommandHeader<BrokerIdentityHeader>
{
    public required string BrokerName { get; init; }

    public required string BrokerAddr { get; init; }

    public required string ClusterName { get; init; }

    public required long BrokerId { get; init; }

    public static BrokerIdentityHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        BrokerName = fields.RequiredString("brokerName"),
        BrokerAddr = fields.RequiredString("brokerAddr"),
        ClusterName = fields.RequiredString("clusterName"),
        BrokerId = fields.RequiredInt64("brokerId"),
    };

    public void WriteTo(IDictionary<string, string> extFields)
    {
        extFields.Put("brokerName", BrokerName);
        extFields.Put("brokerAddr", BrokerAddr);
        extFields.Put("clusterName", ClusterName);
        extFields.Put("brokerId", BrokerId);
    }
}

/// <summary>QUERY_DATA_VERSION (322) response header.</summary>
public sealed record QueryDataVersionResponseHeader : ICommandHeader<QueryDataVersionResponseHeader>
{
    /// <summary>True when the broker's data version differs from the one the name server holds.</summary>
    public bool Changed { get; init; }

    public static QueryDataVersionResponseHeader ReadFrom(ExtFieldsReader fields) =>
        new() { Changed = fields.OptionalBoolean("changed") ?? false };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("changed", Changed);
}
