using RocketMQ.Common.Replication;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Config;

/// <summary>
/// A deliberately simple oracle of <see cref="ConfigState"/>: plain mutable dictionaries and one flat offset
/// map, written straight from RocketMQ 4.9.8's managers. The property tests apply the same commands to both.
/// </summary>
internal sealed class ConfigModel
{
    public Dictionary<string, TopicConfig> Topics { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SubscriptionGroupConfig> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>(topic, group, queue id) → offset.</summary>
    public Dictionary<(string Topic, string Group, int QueueId), long> Offsets { get; } = [];

    public DataVersion TopicsVersion { get; private set; }

    public DataVersion GroupsVersion { get; private set; }

    public DataVersion OffsetsVersion { get; private set; }

    public void Apply(RecordKind kind, byte[] payload)
    {
        if (kind == StoreRecordKinds.TopicConfigUpdate
            && ConfigCommandCodec.TryDecodeTopicConfigUpdate(payload, out var tu))
        {
            Topics[tu.Config.TopicName] = tu.Config;
            TopicsVersion = TopicsVersion.Next(tu.Timestamp);
        }
        else if (kind == StoreRecordKinds.TopicDelete && ConfigCommandCodec.TryDecodeTopicDelete(payload, out var td))
        {
            if (Topics.Remove(td.Topic))
            {
                TopicsVersion = TopicsVersion.Next(td.Timestamp);
            }

            if (RemoveOffsets(key => key.Topic == td.Topic))
            {
                OffsetsVersion = OffsetsVersion.Next(td.Timestamp);
            }
        }
        else if (kind == StoreRecordKinds.SubscriptionGroupUpdate
            && ConfigCommandCodec.TryDecodeSubscriptionGroupUpdate(payload, out var gu))
        {
            Groups[gu.Config.GroupName] = gu.Config;
            GroupsVersion = GroupsVersion.Next(gu.Timestamp);
        }
        else if (kind == StoreRecordKinds.SubscriptionGroupDelete
            && ConfigCommandCodec.TryDecodeSubscriptionGroupDelete(payload, out var gd))
        {
            if (Groups.Remove(gd.Group))
            {
                GroupsVersion = GroupsVersion.Next(gd.Timestamp);
            }

            if (gd.RemoveOffsets && RemoveOffsets(key => key.Group == gd.Group))
            {
                OffsetsVersion = OffsetsVersion.Next(gd.Timestamp);
            }
        }
        else if (kind == StoreRecordKinds.ConsumerOffsetCommit
            && ConfigCommandCodec.TryDecodeConsumerOffsetCommit(payload, out var commit))
        {
            foreach (var entry in commit.Entries)
            {
                Offsets[(entry.Topic, entry.Group, entry.QueueId)] = entry.Offset;
            }

            OffsetsVersion = OffsetsVersion.Next(commit.Timestamp);
        }
    }

    /// <summary>Null when <paramref name="state"/> holds what this model holds, else the first difference.
    /// </summary>
    public string? Difference(ConfigSnapshot state)
    {
        if ((TopicsVersion, GroupsVersion, OffsetsVersion) != (state.TopicsVersion, state.GroupsVersion,
            state.OffsetsVersion))
        {
            return $"versions {(TopicsVersion, GroupsVersion, OffsetsVersion)} vs " +
                $"{(state.TopicsVersion, state.GroupsVersion, state.OffsetsVersion)}";
        }

        if (Topics.Count != state.Topics.Count || Topics.Any(t => state.FindTopic(t.Key) != t.Value))
        {
            return "topics differ";
        }

        if (Groups.Count != state.Groups.Count || Groups.Any(g => state.FindGroup(g.Key) != g.Value))
        {
            return "groups differ";
        }

        var expected = Offsets.Select(o => new ConsumerOffsetEntry(o.Key.Group, o.Key.Topic, o.Key.QueueId, o.Value))
            .OrderBy(e => e.Topic, StringComparer.Ordinal).ThenBy(e => e.Group, StringComparer.Ordinal)
            .ThenBy(e => e.QueueId);
        if (!expected.SequenceEqual(state.Offsets.SortedEntries()))
        {
            return "offsets differ";
        }

        return Offsets.All(o => state.Offsets.Query(o.Key.Group, o.Key.Topic, o.Key.QueueId) == o.Value)
            ? null
            : "a point query disagrees with the sorted entries";
    }

    private bool RemoveOffsets(Func<(string Topic, string Group, int QueueId), bool> match)
    {
        var keys = Offsets.Keys.Where(match).ToList();
        keys.ForEach(key => Offsets.Remove(key));
        return keys.Count > 0;
    }
}
