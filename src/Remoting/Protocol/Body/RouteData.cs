using System.Text.Json.Serialization;

namespace RocketMQ.Remoting.Protocol.Body;

/// <summary>GET_ROUTEINFO_BY_TOPIC (105) response body: where a topic's queues live.</summary>
public sealed class TopicRouteData
{
    /// <summary>Order-topic configuration from the KV namespace ORDER_TOPIC_CONFIG, when enabled.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OrderTopicConf { get; set; }

    public List<QueueData> QueueDatas { get; set; } = [];

    public List<BrokerData> BrokerDatas { get; set; } = [];

    /// <summary>Broker address → filter server addresses.</summary>
    public Dictionary<string, List<string>> FilterServerTable { get; set; } = [];
}

/// <summary>One broker group's queues of a topic.</summary>
public sealed record QueueData
{
    public string BrokerName { get; set; } = "";

    public int ReadQueueNums { get; set; }

    public int WriteQueueNums { get; set; }

    /// <summary>Permission bits: 4 read, 2 write, 1 inherit.</summary>
    public int Perm { get; set; }

    public int TopicSysFlag { get; set; }

    /// <summary>RocketMQ 4.x clients spell the field "topicSynFlag"; both spellings are written and read.</summary>
    [JsonPropertyName("topicSynFlag")]
    public int TopicSynFlag
    {
        get => TopicSysFlag;
        set => TopicSysFlag = value;
    }
}

/// <summary>One broker group: its cluster, name and the address of each member by broker id (0 = master).</summary>
public sealed class BrokerData
{
    public string Cluster { get; set; } = "";

    public string BrokerName { get; set; } = "";

    /// <summary>Broker id → <c>ip:port</c>. Written with quoted keys (<c>{"0":"…"}</c>), which every client
    /// reads.</summary>
    public SortedDictionary<long, string> BrokerAddrs { get; set; } = [];

    /// <summary>A deep copy, so callers never share the route table's maps.</summary>
    public BrokerData Clone() => new() { Cluster = Cluster, BrokerName = BrokerName, BrokerAddrs = new(BrokerAddrs) };
}
