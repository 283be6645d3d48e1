namespace RocketMQ.Common.Messages;

/// <summary>Well-known message property keys, spelled as RocketMQ 4.x's <c>MessageConst</c> spells them.</summary>
public static class MessagePropertyNames
{
    public const string Keys = "KEYS";
    public const string Tags = "TAGS";
    public const string UniqueClientMessageId = "UNIQ_KEY";
    public const string DelayTimeLevel = "DELAY";
    public const string WaitStoreMessageOk = "WAIT";
    public const string TransactionPrepared = "TRAN_MSG";
    public const string ProducerGroup = "PGROUP";
    public const string RealTopic = "REAL_TOPIC";
    public const string RealQueueId = "REAL_QID";
    public const string RetryTopic = "RETRY_TOPIC";
    public const string OriginMessageId = "ORIGIN_MESSAGE_ID";
    public const string ReconsumeTime = "RECONSUME_TIME";
    public const string MaxReconsumeTimes = "MAX_RECONSUME_TIMES";
    public const string MinOffset = "MIN_OFFSET";
    public const string MaxOffset = "MAX_OFFSET";
    public const string ConsumeStartTime = "CONSUME_START_TIME";
    public const string Cluster = "CLUSTER";
}
