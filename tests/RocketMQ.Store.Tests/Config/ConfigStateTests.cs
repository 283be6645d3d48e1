using RocketMQ.Common.Replication;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Config;

/// <summary>Apply semantics, command by command (RocketMQ 4.9.8's managers, timestamps from the command).
/// </summary>
public class ConfigStateTests
{
    private readonly ConfigState _state = new();

    [Fact]
    public void Topic_update_creates_then_replaces_and_bumps_the_version_each_time()
    {
        var created = _state.Apply(StoreRecordKinds.TopicConfigUpdate, TopicUpdate(new TopicConfig("T"), 100));
        var replaced = _state.Apply(StoreRecordKinds.TopicConfigUpdate,
            TopicUpdate(new TopicConfig("T") { ReadQueueNums = 4, WriteQueueNums = 4 }, 200));
        // Replacing with identical content still bumps, as updateTopicConfig does.
        _state.Apply(StoreRecordKinds.TopicConfigUpdate,
            TopicUpdate(new TopicConfig("T") { ReadQueueNums = 4, WriteQueueNums = 4 }, 300));

        Assert.Equal(new ConfigApplyResult(ConfigApplyStatus.Applied, ConfigTables.Topics, null), created);
        Assert.Equal(created, replaced);
        Assert.Equal(new TopicConfig("T") { ReadQueueNums = 4, WriteQueueNums = 4 }, _state.FindTopic("T"));
        Assert.Single(_state.Topics);
        Assert.Equal(new DataVersion(300, 3), _state.TopicsVersion);
        Assert.Equal(default, _state.GroupsVersion);
        Assert.Equal(default, _state.OffsetsVersion);
    }

    [Fact]
    public void Topic_delete_removes_the_config_and_every_groups_offsets_on_it_only()
    {
        _state.Apply(StoreRecordKinds.TopicConfigUpdate, TopicUpdate(new TopicConfig("T"), 100));
        _state.Apply(StoreRecordKinds.TopicConfigUpdate, TopicUpdate(new TopicConfig("U"), 100));
        Commit(110, new("G1", "T", 0, 5), new("G2", "T", 1, 6), new("G1", "U", 0, 7));

        var result = _state.Apply(StoreRecordKinds.TopicDelete, ConfigCommandCodec.EncodeTopicDelete("T", 120));

        Assert.Equal(new ConfigApplyResult(ConfigApplyStatus.Applied, ConfigTables.Topics | ConfigTables.Offsets, "T"),
            result);
        Assert.Null(_state.FindTopic("T"));
        Assert.NotNull(_state.FindTopic("U"));
        Assert.Equal(-1, _state.QueryOffset("G1", "T", 0));
        Assert.Equal(-1, _state.QueryOffset("G2", "T", 1));
        Assert.Empty(_state.GroupsWithOffsets("T"));
        Assert.Equal(7, _state.QueryOffset("G1", "U", 0));
        Assert.Equal(new DataVersion(120, 3), _state.TopicsVersion);
        Assert.Equal(new DataVersion(120, 2), _state.OffsetsVersion);
    }

    [Fact]
    public void Deleting_an_unknown_topic_names_it_for_queue_cleanup_but_bumps_no_version()
    {
        var result = _state.Apply(StoreRecordKinds.TopicDelete, ConfigCommandCodec.EncodeTopicDelete("Nope", 5));

        Assert.Equal(new ConfigApplyResult(ConfigApplyStatus.Applied, ConfigTables.None, "Nope"), result);
        Assert.Equal(default, _state.TopicsVersion);
        Assert.Equal(default, _state.OffsetsVersion);
    }

    [Fact]
    public void Group_update_and_delete_bump_the_groups_version_and_keep_offsets_unless_asked()
    {
        _state.Apply(StoreRecordKinds.SubscriptionGroupUpdate,
            ConfigCommandCodec.EncodeSubscriptionGroupUpdate(
                new SubscriptionGroupConfig("G") { RetryMaxTimes = 3 }, 10));
        Commit(11, new ConsumerOffsetEntry("G", "T", 0, 1));

        var kept = _state.Apply(StoreRecordKinds.SubscriptionGroupDelete,
            ConfigCommandCodec.EncodeSubscriptionGroupDelete("G", removeOffsets: false, 12));

        Assert.Equal(new ConfigApplyResult(ConfigApplyStatus.Applied, ConfigTables.Groups, null), kept);
        Assert.Null(_state.FindGroup("G"));
        Assert.Equal(new DataVersion(12, 2), _state.GroupsVersion);
        Assert.Equal(1, _state.QueryOffset("G", "T", 0));

        // Unknown group: no groups version bump (deleteSubscriptionGroupConfig), but removeOffset still runs.
        var removed = _state.Apply(StoreRecordKinds.SubscriptionGroupDelete,
            ConfigCommandCodec.EncodeSubscriptionGroupDelete("G", removeOffsets: true, 13));

        Assert.Equal(new ConfigApplyResult(ConfigApplyStatus.Applied, ConfigTables.Offsets, null), removed);
        Assert.Equal(new DataVersion(12, 2), _state.GroupsVersion);
        Assert.Equal(-1, _state.QueryOffset("G", "T", 0));
        Assert.True(_state.Offsets.IsEmpty);
    }

    [Fact]
    public void Removing_a_groups_offsets_leaves_other_groups_on_the_same_topics()
    {
        Commit(1, new("G", "T", 0, 1), new("H", "T", 0, 2), new("G", "U", 0, 3));

        _state.Apply(StoreRecordKinds.SubscriptionGroupDelete,
            ConfigCommandCodec.EncodeSubscriptionGroupDelete("G", true, 2));

        Assert.Equal(["H"], _state.GroupsWithOffsets("T"));
        Assert.Empty(_state.GroupsWithOffsets("U"));
        Assert.Equal(new DataVersion(2, 2), _state.OffsetsVersion);
    }

    [Fact]
    public void Offset_commits_set_values_in_order_without_monotonic_check_and_for_unknown_topics()
    {
        var result = Commit(50, new("G", "NoSuchTopic", 3, 10), new("G", "NoSuchTopic", 3, 12),
            new("G", "NoSuchTopic", 1, 4), new("G", "%RETRY%G", 0, 1));
        Commit(60, new ConsumerOffsetEntry("G", "NoSuchTopic", 3, 2));

        Assert.Equal(new ConfigApplyResult(ConfigApplyStatus.Applied, ConfigTables.Offsets, null), result);
        Assert.Equal(2, _state.QueryOffset("G", "NoSuchTopic", 3));
        Assert.Equal(new Dictionary<int, long> { [1] = 4, [3] = 2 }, _state.OffsetsOf("G", "NoSuchTopic"));
        Assert.Equal(-1, _state.QueryOffset("G", "NoSuchTopic", 0));
        Assert.Equal(-1, _state.QueryOffset("H", "NoSuchTopic", 3));
        Assert.Empty(_state.OffsetsOf("H", "NoSuchTopic"));
        Assert.Equal(["G"], _state.GroupsWithOffsets("NoSuchTopic"));
        Assert.Equal(["%RETRY%G", "NoSuchTopic"], _state.Offsets.TopicsOf("G"));
        Assert.Equal(new DataVersion(60, 2), _state.OffsetsVersion);
    }

    [Fact]
    public void Malformed_config_records_change_nothing_and_other_kinds_are_not_config()
    {
        Commit(1, new ConsumerOffsetEntry("G", "T", 0, 1));
        var before = _state.Current;
        var valid = ConfigCommandCodec.EncodeTopicConfigUpdate(new TopicConfig("T"), 5);

        Assert.Equal(ConfigApplyStatus.Malformed,
            _state.Apply(StoreRecordKinds.TopicConfigUpdate, valid.AsSpan(0, valid.Length - 1)).Status);
        Assert.Equal(ConfigApplyStatus.Malformed, _state.Apply(StoreRecordKinds.ConsumerOffsetCommit, valid).Status);
        Assert.Equal(ConfigApplyStatus.NotAConfigKind, _state.Apply(StoreRecordKinds.Messages, valid).Status);
        Assert.Equal(ConfigApplyStatus.NotAConfigKind, _state.Apply(new RecordKind(999), valid).Status);
        Assert.Same(before, _state.Current);
        Assert.False(ConfigState.IsConfigKind(StoreRecordKinds.Messages));
    }

    [Fact]
    public void A_snapshot_taken_before_a_command_does_not_change()
    {
        _state.Apply(StoreRecordKinds.TopicConfigUpdate, TopicUpdate(new TopicConfig("T"), 1));
        Commit(2, new ConsumerOffsetEntry("G", "T", 0, 1));
        var snapshot = _state.Current;
        var offsets = _state.OffsetsOf("G", "T");

        _state.Apply(StoreRecordKinds.TopicDelete, ConfigCommandCodec.EncodeTopicDelete("T", 3));

        Assert.NotNull(snapshot.FindTopic("T"));
        Assert.Equal(1, snapshot.Offsets.Query("G", "T", 0));
        Assert.Equal(1, offsets[0]);
    }

    [Fact]
    public void Restore_replaces_the_whole_state()
    {
        var other = new ConfigState();
        other.Apply(StoreRecordKinds.TopicConfigUpdate, TopicUpdate(new TopicConfig("X"), 9));
        _state.Apply(StoreRecordKinds.TopicConfigUpdate, TopicUpdate(new TopicConfig("T"), 1));

        _state.Restore(other.Current);

        Assert.True(_state.ContentEquals(other));
        Assert.Null(_state.FindTopic("T"));
    }

    private ConfigApplyResult Commit(long timestamp, params ConsumerOffsetEntry[] entries) =>
        _state.Apply(StoreRecordKinds.ConsumerOffsetCommit,
            ConfigCommandCodec.EncodeConsumerOffsetCommit(timestamp, entries));

    private static byte[] TopicUpdate(TopicConfig config, long timestamp) =>
        ConfigCommandCodec.EncodeTopicConfigUpdate(config, timestamp);
}
