namespace RocketMQ.Store.Config;

/// <summary>
/// A consumer group's broker-side settings, with RocketMQ 4.9.8's fields and defaults
/// (<c>SubscriptionGroupConfig</c>): consumption, consume-from-min and broadcast enabled, one retry queue,
/// 16 retries, reads from the master (broker id 0), id 1 when consuming slowly, and consumer-id change
/// notifications on.
/// </summary>
/// <remarks>Immutable for the same reason as <see cref="TopicConfig"/>.</remarks>
public sealed record SubscriptionGroupConfig(string GroupName)
{
    public bool ConsumeEnable { get; init; } = true;

    public bool ConsumeFromMinEnable { get; init; } = true;

    public bool ConsumeBroadcastEnable { get; init; } = true;

    /// <summary>Queues of the group's <c>%RETRY%</c> topic.</summary>
    public int RetryQueueNums { get; init; } = 1;

    /// <summary>Deliveries before a message goes to <c>%DLQ%</c>; -1 is allowed (RocketMQ 5 reads it as
    /// "forever" for ordered consumption).</summary>
    public int RetryMaxTimes { get; init; } = 16;

    /// <summary>Broker id consumers pull from (MixAll.MASTER_ID = 0).</summary>
    public long BrokerId { get; init; }

    /// <summary>Broker id suggested when the master finds the consumer slow.</summary>
    public long WhichBrokerWhenConsumeSlowly { get; init; } = 1;

    public bool NotifyConsumerIdsChangedEnable { get; init; } = true;
}
