using RocketMQ.Common.Protocol;

namespace RocketMQ.Store.Config;

/// <summary>How a topic's messages are filtered (RocketMQ's <c>TopicFilterType</c>); JSON names
/// <c>SINGLE_TAG</c> and <c>MULTI_TAG</c>. Stored in log commands by value: never renumber.</summary>
public enum TopicFilterType
{
    SingleTag = 0,
    MultiTag = 1,
}

/// <summary>
/// A topic as the broker configures it, with RocketMQ 4.9.8's fields and defaults (<c>TopicConfig</c>): 16 read
/// and 16 write queues, read + write permission, single tag, no system flags, not ordered.
/// </summary>
/// <remarks>Immutable: the state machine publishes instances to reader threads, so a change is a new
/// instance (<c>with</c>), never a mutation. <see cref="ConfigCommandCodec"/> states the ranges a command may
/// carry.</remarks>
public sealed record TopicConfig(string TopicName)
{
    /// <summary>RocketMQ's <c>TopicConfig.defaultReadQueueNums</c> and <c>defaultWriteQueueNums</c>.</summary>
    public const int DefaultQueueNums = 16;

    /// <summary>Queues consumers read, ids 0 to ReadQueueNums - 1.</summary>
    public int ReadQueueNums { get; init; } = DefaultQueueNums;

    /// <summary>Queues producers write, ids 0 to WriteQueueNums - 1.</summary>
    public int WriteQueueNums { get; init; } = DefaultQueueNums;

    /// <summary>Permission bits of <see cref="Permission"/>: 4 read, 2 write, 1 inherit.</summary>
    public int Perm { get; init; } = (int)Permission.ReadWrite;

    public TopicFilterType TopicFilterType { get; init; } = TopicFilterType.SingleTag;

    /// <summary>RocketMQ's <c>TopicSysFlag</c> bits (1 unit, 2 unit subscription); kept as given.</summary>
    public int TopicSysFlag { get; init; }

    /// <summary>Ordered topic (the name server's ORDER_TOPIC_CONFIG also marks it).</summary>
    public bool Order { get; init; }
}
