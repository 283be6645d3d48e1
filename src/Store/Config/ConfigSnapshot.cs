using System.Collections.Immutable;

namespace RocketMQ.Store.Config;

/// <summary>
/// The whole configuration state at one point of the log: topics, subscription groups and consumer offsets,
/// each with its data version. Immutable; <see cref="ConfigState"/> publishes a new one per applied command, so
/// a reader that takes <see cref="ConfigState.Current"/> once sees all tables as of the same log position.
/// </summary>
public sealed partial class ConfigSnapshot
{
    private ConfigSnapshot(
        ImmutableDictionary<string, TopicConfig> topics, DataVersion topicsVersion,
        ImmutableDictionary<string, SubscriptionGroupConfig> groups, DataVersion groupsVersion,
        ConsumerOffsetTable offsets, DataVersion offsetsVersion)
    {
        Topics = topics;
        TopicsVersion = topicsVersion;
        Groups = groups;
        GroupsVersion = groupsVersion;
        Offsets = offsets;
        OffsetsVersion = offsetsVersion;
    }

    /// <summary>No topics, groups or offsets; every version (0, 0).</summary>
    public static ConfigSnapshot Empty { get; } = new(
        ImmutableDictionary.Create<string, TopicConfig>(StringComparer.Ordinal), default,
        ImmutableDictionary.Create<string, SubscriptionGroupConfig>(StringComparer.Ordinal), default,
        ConsumerOffsetTable.Empty, default);

    /// <summary>Topic name (ordinal) → configuration (GET_ALL_TOPIC_CONFIG, REGISTER_BROKER's table).</summary>
    public ImmutableDictionary<string, TopicConfig> Topics { get; }

    /// <summary>Bumped by every topic update and by the deletion of an existing topic
    /// (<c>TopicConfigManager.dataVersion</c>).</summary>
    public DataVersion TopicsVersion { get; }

    /// <summary>Group name (ordinal) → configuration (GET_ALL_SUBSCRIPTIONGROUP_CONFIG).</summary>
    public ImmutableDictionary<string, SubscriptionGroupConfig> Groups { get; }

    /// <summary>Bumped by every group update and by the deletion of an existing group
    /// (<c>SubscriptionGroupManager.dataVersion</c>).</summary>
    public DataVersion GroupsVersion { get; }

    /// <summary>Committed consumer offsets (GET_ALL_CONSUMER_OFFSET, consumerOffset.json).</summary>
    public ConsumerOffsetTable Offsets { get; }

    /// <summary>Bumped by every offset commit and by a deletion that removed offsets. RocketMQ 4.9.8 keeps no
    /// such version (5.x does); it lets a reader tell cheaply whether offsets changed.</summary>
    public DataVersion OffsetsVersion { get; }

    /// <summary>The topic's configuration, or null when it has none.</summary>
    public TopicConfig? FindTopic(string topic) => Topics.GetValueOrDefault(topic);

    /// <summary>The group's configuration, or null when it has none.</summary>
    public SubscriptionGroupConfig? FindGroup(string group) => Groups.GetValueOrDefault(group);

    /// <summary>Same topics, groups, offsets and versions (what a replica must agree on).</summary>
    public bool ContentEquals(ConfigSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return TopicsVersion == other.TopicsVersion && GroupsVersion == other.GroupsVersion
            && OffsetsVersion == other.OffsetsVersion
            && SameEntries(Topics, other.Topics) && SameEntries(Groups, other.Groups)
            && Offsets.ContentEquals(other.Offsets);
    }

    internal ConfigSnapshot WithTopics(ImmutableDictionary<string, TopicConfig> topics, DataVersion version) =>
        new(topics, version, Groups, GroupsVersion, Offsets, OffsetsVersion);

    internal ConfigSnapshot WithGroups(ImmutableDictionary<string, SubscriptionGroupConfig> groups,
        DataVersion version) =>
        new(Topics, TopicsVersion, groups, version, Offsets, OffsetsVersion);

    internal ConfigSnapshot WithOffsets(ConsumerOffsetTable offsets, DataVersion version) =>
        new(Topics, TopicsVersion, Groups, GroupsVersion, offsets, version);

    private static bool SameEntries<TValue>(ImmutableDictionary<string, TValue> left,
        ImmutableDictionary<string, TValue> right)
        where TValue : IEquatable<TValue> =>
        left.Count == right.Count
        && left.All(entry => right.TryGetValue(entry.Key, out var value) && value.Equals(entry.Value));
}
