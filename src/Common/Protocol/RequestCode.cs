namespace RocketMQ.Common.Protocol;

/// <summary>
/// Request codes exactly as RocketMQ 4.9.x numbers them (RequestCode.java). Codes marked "name server" are
/// served by the NameServer; "to client" codes are requests a broker sends to a client connection.
/// </summary>
public static class RequestCode
{
    public const int SendMessage = 10;
    public const int PullMessage = 11;
    public const int QueryMessage = 12;
    public const int QueryBrokerOffset = 13;
    public const int QueryConsumerOffset = 14;
    public const int UpdateConsumerOffset = 15;
    public const int UpdateAndCreateTopic = 17;
    public const int GetAllTopicConfig = 21;
    public const int GetTopicConfigList = 22;
    public const int GetTopicNameList = 23;
    public const int UpdateBrokerConfig = 25;
    public const int GetBrokerConfig = 26;
    public const int TriggerDeleteFiles = 27;
    public const int GetBrokerRuntimeInfo = 28;
    public const int SearchOffsetByTimestamp = 29;
    public const int GetMaxOffset = 30;
    public const int GetMinOffset = 31;
    public const int GetEarliestMsgStoreTime = 32;
    public const int ViewMessageById = 33;
    public const int HeartBeat = 34;
    public const int UnregisterClient = 35;
    public const int ConsumerSendMsgBack = 36;
    public const int EndTransaction = 37;
    public const int GetConsumerListByGroup = 38;
    /// <summary>Broker to client.</summary>
    public const int CheckTransactionState = 39;
    /// <summary>Broker to client.</summary>
    public const int NotifyConsumerIdsChanged = 40;
    public const int LockBatchMq = 41;
    public const int UnlockBatchMq = 42;
    public const int GetAllConsumerOffset = 43;
    public const int GetAllDelayOffset = 45;
    public const int CheckClientConfig = 46;

    /// <summary>Name server.</summary>
    public const int PutKvConfig = 100;
    /// <summary>Name server.</summary>
    public const int GetKvConfig = 101;
    /// <summary>Name server.</summary>
    public const int DeleteKvConfig = 102;
    /// <summary>Name server.</summary>
    public const int RegisterBroker = 103;
    /// <summary>Name server.</summary>
    public const int UnregisterBroker = 104;
    /// <summary>Name server.</summary>
    public const int GetRouteInfoByTopic = 105;
    /// <summary>Name server.</summary>
    public const int GetBrokerClusterInfo = 106;

    public const int UpdateAndCreateSubscriptionGroup = 200;
    public const int GetAllSubscriptionGroupConfig = 201;
    public const int GetTopicStatsInfo = 202;
    public const int GetConsumerConnectionList = 203;
    public const int GetProducerConnectionList = 204;
    /// <summary>Name server.</summary>
    public const int WipeWritePermOfBroker = 205;
    /// <summary>Name server.</summary>
    public const int GetAllTopicListFromNameServer = 206;
    public const int DeleteSubscriptionGroup = 207;
    public const int GetConsumeStats = 208;
    public const int DeleteTopicInBroker = 215;
    /// <summary>Name server.</summary>
    public const int DeleteTopicInNameServer = 216;
    /// <summary>Name server.</summary>
    public const int GetKvListByNamespace = 219;
    /// <summary>Broker to client.</summary>
    public const int ResetConsumerClientOffset = 220;
    /// <summary>Broker to client.</summary>
    public const int GetConsumerStatusFromClient = 221;
    public const int InvokeBrokerToResetOffset = 222;
    public const int InvokeBrokerToGetConsumerStatus = 223;
    /// <summary>Name server.</summary>
    public const int GetTopicsByCluster = 224;
    public const int QueryTopicConsumeByWho = 300;
    /// <summary>Name server.</summary>
    public const int GetSystemTopicListFromNameServer = 304;
    /// <summary>Broker to client.</summary>
    public const int GetConsumerRunningInfo = 307;
    public const int ConsumeMessageDirectly = 309;
    public const int SendMessageV2 = 310;
    /// <summary>Name server.</summary>
    public const int UpdateNameServerConfig = 318;
    /// <summary>Name server.</summary>
    public const int GetNameServerConfig = 319;
    public const int SendBatchMessage = 320;
    /// <summary>Name server.</summary>
    public const int QueryDataVersion = 322;

    /// <summary>
    /// Ours (our codes are 30000-30999: under 32768, so they fit the ROCKETMQ serialization's 16-bit code, and far
    /// from every RocketMQ 4.x/5.x code). Moves the broker group's Raft leadership to the member named by ext field
    /// <c>targetId</c>; sent to the current leader. RocketMQ 4.9.x has no broker code for it, and 5.x's
    /// CONTROLLER_ELECT_MASTER (1002) is addressed to a controller with other fields (brokerName, brokerId).
    /// </summary>
    public const int LeadershipTransfer = 30001;
}
