namespace RocketMQ.Remoting.Protocol.Body;

/// <summary>REGISTER_BROKER (103) body: the broker's topic configuration and its data version.</summary>
public sealed class RegisterBrokerBody
{
    public TopicConfigSerializeWrapper TopicConfigSerializeWrapper { get; set; } = new();

    public List<string> FilterServerList { get; set; } = [];
}

public sealed class TopicConfigSerializeWrapper
{
    /// <summary>Topic name → configuration.</summary>
    public Dictionary<string, TopicConfig> TopicConfigTable { get; set; } = [];

    public DataVersion DataVersion { get; set; } = new();
}

/// <summary>A topic as a broker configures it (RocketMQ's TopicConfig).</summary>
public sealed class TopicConfig
{
    public string TopicName { get; set; } = "";

    public int ReadQueueNums { get; set; } = 16;

    public int WriteQueueNums { get; set; } = 16;

    /// <summary>Permission bits: 4 read, 2 write, 1 inherit (default read + write).</summary>
    public int Perm { get; set; } = 6;

    /// <summary>SINGLE_TAG or MULTI_TAG.</summary>
    public string TopicFilterType { get; set; } = "SINGLE_TAG";

    public int TopicSysFlag { get; set; }

    public bool Order { get; set; }
}

/// <summary>A broker's configuration version: changes whenever its topics change.</summary>
public sealed record DataVersion
{
    public long Timestamp { get; set; }

    public long Counter { get; set; }
}
