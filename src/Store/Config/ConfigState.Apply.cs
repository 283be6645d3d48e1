using RocketMQ.Common.Replication;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Config;

// One method per command. Each builds the next snapshot from the current one and publishes it with a single
// reference write, so readers see either the state before the command or after it.
public sealed partial class ConfigState
{
    private ConfigApplyResult ApplyConfig(RecordKind kind, ReadOnlySpan<byte> payload)
    {
        if (kind == StoreRecordKinds.TopicConfigUpdate)
        {
            return ConfigCommandCodec.TryDecodeTopicConfigUpdate(payload, out var command)
                ? UpdateTopic(command)
                : ConfigApplyResult.Malformed;
        }

        if (kind == StoreRecordKinds.TopicDelete)
        {
            return ConfigCommandCodec.TryDecodeTopicDelete(payload, out var command)
                ? DeleteTopic(command)
                : ConfigApplyResult.Malformed;
        }

        if (kind == StoreRecordKinds.SubscriptionGroupUpdate)
        {
            return ConfigCommandCodec.TryDecodeSubscriptionGroupUpdate(payload, out var command)
                ? UpdateGroup(command)
                : ConfigApplyResult.Malformed;
        }

        if (kind == StoreRecordKinds.SubscriptionGroupDelete)
        {
            return ConfigCommandCodec.TryDecodeSubscriptionGroupDelete(payload, out var command)
                ? DeleteGroup(command)
                : ConfigApplyResult.Malformed;
        }

        return ConfigCommandCodec.TryDecodeConsumerOffsetCommit(payload, out var commit)
            ? CommitOffsets(commit)
            : ConfigApplyResult.Malformed;
    }

    // TopicConfigManager.updateTopicConfig: replace and bump the version, even when nothing differs.
    private ConfigApplyResult UpdateTopic(TopicConfigUpdate command)
    {
        var current = _current;
        var config = command.Config;
        _current = current.WithTopics(current.Topics.SetItem(config.TopicName, config),
            current.TopicsVersion.Next(command.Timestamp));
        if (current.Topics.TryGetValue(config.TopicName, out var old))
        {
            _logger.TopicUpdated(config.TopicName, old, config);
        }
        else
        {
            _logger.TopicCreated(config.TopicName, config);
        }

        return ConfigApplyResult.Applied(ConfigTables.Topics);
    }

    // TopicConfigManager.deleteTopicConfig bumps the version only when the topic existed. Offsets on the topic
    // go too (RocketMQ 4.9.8 leaves them to scanUnsubscribedTopic; a deleted topic has nothing left to consume).
    private ConfigApplyResult DeleteTopic(TopicDelete command)
    {
        var current = _current;
        var next = current;
        var changed = ConfigTables.None;
        var existed = current.Topics.ContainsKey(command.Topic);
        if (existed)
        {
            next = next.WithTopics(current.Topics.Remove(command.Topic), current.TopicsVersion.Next(command.Timestamp));
            changed |= ConfigTables.Topics;
        }

        var groupCount = current.Offsets.GroupsOf(command.Topic).Count;
        if (groupCount > 0)
        {
            next = next.WithOffsets(current.Offsets.WithoutTopic(command.Topic),
                current.OffsetsVersion.Next(command.Timestamp));
            changed |= ConfigTables.Offsets;
        }

        _current = next;
        if (existed)
        {
            _logger.TopicDeleted(command.Topic, groupCount);
        }
        else
        {
            _logger.UnknownTopicDeleted(command.Topic, groupCount);
        }

        return new ConfigApplyResult(ConfigApplyStatus.Applied, changed, command.Topic);
    }

    // SubscriptionGroupManager.updateSubscriptionGroupConfig: replace and bump the version.
    private ConfigApplyResult UpdateGroup(SubscriptionGroupUpdate command)
    {
        var current = _current;
        var config = command.Config;
        _current = current.WithGroups(current.Groups.SetItem(config.GroupName, config),
            current.GroupsVersion.Next(command.Timestamp));
        if (current.Groups.TryGetValue(config.GroupName, out var old))
        {
            _logger.GroupUpdated(config.GroupName, old, config);
        }
        else
        {
            _logger.GroupCreated(config.GroupName, config);
        }

        return ConfigApplyResult.Applied(ConfigTables.Groups);
    }

    // deleteSubscriptionGroupConfig bumps the version only when the group existed; removeOffset drops the
    // group's offsets whether or not it had a configuration (AdminBrokerProcessor.deleteSubscriptionGroup).
    private ConfigApplyResult DeleteGroup(SubscriptionGroupDelete command)
    {
        var current = _current;
        var next = current;
        var changed = ConfigTables.None;
        var existed = current.Groups.ContainsKey(command.Group);
        if (existed)
        {
            next = next.WithGroups(current.Groups.Remove(command.Group), current.GroupsVersion.Next(command.Timestamp));
            changed |= ConfigTables.Groups;
        }

        if (command.RemoveOffsets)
        {
            var offsets = current.Offsets.WithoutGroup(command.Group);
            if (!ReferenceEquals(offsets, current.Offsets))
            {
                next = next.WithOffsets(offsets, current.OffsetsVersion.Next(command.Timestamp));
                changed |= ConfigTables.Offsets;
            }
        }

        _current = next;
        if (existed)
        {
            _logger.GroupDeleted(command.Group, command.RemoveOffsets);
        }
        else
        {
            _logger.UnknownGroupDeleted(command.Group, command.RemoveOffsets);
        }

        return ConfigApplyResult.Applied(changed);
    }

    // ConsumerOffsetManager.commitOffset: set each value, no monotonic check, no check that the topic or group
    // is configured (clients commit offsets of retry topics and of auto-created groups).
    private ConfigApplyResult CommitOffsets(ConsumerOffsetCommit command)
    {
        var current = _current;
        _current = current.WithOffsets(current.Offsets.With(command.Entries),
            current.OffsetsVersion.Next(command.Timestamp));
        return ConfigApplyResult.Applied(ConfigTables.Offsets);
    }
}
