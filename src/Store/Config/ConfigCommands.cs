namespace RocketMQ.Store.Config;

/// <summary>A topic created or replaced (<see cref="Records.StoreRecordKinds.TopicConfigUpdate"/>).</summary>
/// <param name="Config">The whole new configuration; it replaces any previous one of the same name.</param>
/// <param name="Timestamp">Leader's clock (ms) when it accepted the change: the new topics data version's.</param>
public sealed record TopicConfigUpdate(TopicConfig Config, long Timestamp);

/// <summary>A topic deleted (<see cref="Records.StoreRecordKinds.TopicDelete"/>): its configuration and every
/// group's offsets on it go; the store also drops its queues.</summary>
public sealed record TopicDelete(string Topic, long Timestamp);

/// <summary>A subscription group created or replaced
/// (<see cref="Records.StoreRecordKinds.SubscriptionGroupUpdate"/>).</summary>
public sealed record SubscriptionGroupUpdate(SubscriptionGroupConfig Config, long Timestamp);

/// <summary>A subscription group deleted (<see cref="Records.StoreRecordKinds.SubscriptionGroupDelete"/>).</summary>
/// <param name="Group">The group whose configuration goes.</param>
/// <param name="RemoveOffsets">Also drop the group's offsets on every topic, as DELETE_SUBSCRIPTIONGROUP does
/// when its <c>removeOffset</c> header is true (RocketMQ 4.9.8 <c>AdminBrokerProcessor</c>).</param>
/// <param name="Timestamp">Leader's clock (ms): the new groups data version's.</param>
public sealed record SubscriptionGroupDelete(string Group, bool RemoveOffsets, long Timestamp);

/// <summary>Consumer offsets committed, coalesced by the leader
/// (<see cref="Records.StoreRecordKinds.ConsumerOffsetCommit"/>). Entries apply in order, so a later entry for
/// the same queue wins.</summary>
public sealed record ConsumerOffsetCommit(long Timestamp, IReadOnlyList<ConsumerOffsetEntry> Entries);

/// <summary>One committed offset: the next queue offset <paramref name="Group"/> will consume in queue
/// <paramref name="QueueId"/> of <paramref name="Topic"/>.</summary>
public readonly record struct ConsumerOffsetEntry(string Group, string Topic, int QueueId, long Offset);
