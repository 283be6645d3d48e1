using RocketMQ.Common.Replication;

namespace RocketMQ.Store.Records;

/// <summary>
/// The record kinds the store puts into the replicated log (architecture decisions 2 and 5). Each value is stored in
/// every entry forever: never renumber, only add.
/// </summary>
public static class StoreRecordKinds
{
    /// <summary>One producer send: <see cref="MessageBatchFormat"/>.</summary>
    public static readonly RecordKind Messages = new(1);

    /// <summary>Topic created or updated (UPDATE_AND_CREATE_TOPIC, auto-create).</summary>
    public static readonly RecordKind TopicConfigUpdate = new(2);

    /// <summary>Topic deleted (DELETE_TOPIC_IN_BROKER): config, queues and offsets go.</summary>
    public static readonly RecordKind TopicDelete = new(3);

    /// <summary>Subscription group created or updated.</summary>
    public static readonly RecordKind SubscriptionGroupUpdate = new(4);

    /// <summary>Subscription group deleted.</summary>
    public static readonly RecordKind SubscriptionGroupDelete = new(5);

    /// <summary>Consumer offsets committed (coalesced by the leader).</summary>
    public static readonly RecordKind ConsumerOffsetCommit = new(6);
}
