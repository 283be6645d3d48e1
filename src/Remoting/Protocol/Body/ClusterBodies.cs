namespace RocketMQ.Remoting.Protocol.Body;

/// <summary>GET_BROKER_CLUSTER_INFO (106) response body.</summary>
public sealed class ClusterInfo
{
    /// <summary>Broker name → broker data.</summary>
    public Dictionary<string, BrokerData> BrokerAddrTable { get; set; } = [];

    /// <summary>Cluster name → broker names.</summary>
    public Dictionary<string, SortedSet<string>> ClusterAddrTable { get; set; } = [];
}

/// <summary>Topic lists: GET_ALL_TOPIC_LIST_FROM_NAMESERVER, GET_TOPICS_BY_CLUSTER,
/// GET_SYSTEM_TOPIC_LIST_FROM_NS.</summary>
public sealed class TopicList
{
    [System.Text.Json.Serialization.JsonPropertyName("topicList")]
    public SortedSet<string> Topics { get; set; } = [];

    /// <summary>Set only by the system-topic list: a master address to ask for broker-side system topics.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition =
        System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? BrokerAddr { get; set; }
}

/// <summary>A namespace's key/value pairs (GET_KVLIST_BY_NAMESPACE, REGISTER_BROKER response body).</summary>
public sealed class KvTable
{
    public Dictionary<string, string> Table { get; set; } = [];
}
