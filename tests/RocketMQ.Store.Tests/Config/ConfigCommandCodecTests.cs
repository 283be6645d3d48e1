using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Store.Config;

namespace RocketMQ.Store.Tests.Config;

/// <summary>Every command decodes to what was encoded; the layout is pinned; bad values never get encoded.
/// </summary>
public class ConfigCommandCodecTests
{
    [Property(MaxTest = 300)]
    public Property Topic_config_update_round_trips() =>
        Prop.ForAll(Gen.Zip(ConfigGenerators.Topic(ConfigGenerators.Name), ConfigGenerators.Timestamp).ToArbitrary(),
            c => ConfigCommandCodec.TryDecodeTopicConfigUpdate(
                    ConfigCommandCodec.EncodeTopicConfigUpdate(c.Item1, c.Item2), out var decoded)
                && decoded == new TopicConfigUpdate(c.Item1, c.Item2));

    [Property(MaxTest = 300)]
    public Property Topic_delete_round_trips() =>
        Prop.ForAll(Gen.Zip(ConfigGenerators.Name, ConfigGenerators.Timestamp).ToArbitrary(),
            c => ConfigCommandCodec.TryDecodeTopicDelete(ConfigCommandCodec.EncodeTopicDelete(c.Item1, c.Item2),
                    out var decoded)
                && decoded == new TopicDelete(c.Item1, c.Item2));

    [Property(MaxTest = 300)]
    public Property Subscription_group_update_round_trips() =>
        Prop.ForAll(Gen.Zip(ConfigGenerators.Group(ConfigGenerators.Name), ConfigGenerators.Timestamp).ToArbitrary(),
            c => ConfigCommandCodec.TryDecodeSubscriptionGroupUpdate(
                    ConfigCommandCodec.EncodeSubscriptionGroupUpdate(c.Item1, c.Item2), out var decoded)
                && decoded == new SubscriptionGroupUpdate(c.Item1, c.Item2));

    [Property(MaxTest = 300)]
    public Property Subscription_group_delete_round_trips() =>
        Prop.ForAll(
            (from name in ConfigGenerators.Name
             from removeOffsets in ArbMap.Default.GeneratorFor<bool>()
             from timestamp in ConfigGenerators.Timestamp
             select new SubscriptionGroupDelete(name, removeOffsets, timestamp)).ToArbitrary(),
            command => ConfigCommandCodec.TryDecodeSubscriptionGroupDelete(
                    ConfigCommandCodec.EncodeSubscriptionGroupDelete(command.Group, command.RemoveOffsets,
                        command.Timestamp), out var decoded)
                && decoded == command);

    [Property(MaxTest = 300)]
    public Property Consumer_offset_commit_round_trips_entries_in_order() =>
        Prop.ForAll(
            Gen.Zip(ConfigGenerators.OffsetEntries(ConfigGenerators.Name), ConfigGenerators.Timestamp).ToArbitrary(),
            c => ConfigCommandCodec.TryDecodeConsumerOffsetCommit(
                    ConfigCommandCodec.EncodeConsumerOffsetCommit(c.Item2, c.Item1), out var decoded)
                && decoded.Timestamp == c.Item2 && decoded.Entries.SequenceEqual(c.Item1));

    [Fact]
    public void Defaults_are_rocketmq_4_9_8s()
    {
        Assert.Equal(new TopicConfig("T") { ReadQueueNums = 16, WriteQueueNums = 16, Perm = 6 }, new TopicConfig("T"));
        var topic = new TopicConfig("T");
        Assert.Equal((TopicFilterType.SingleTag, 0, false), (topic.TopicFilterType, topic.TopicSysFlag, topic.Order));
        var group = new SubscriptionGroupConfig("G");
        Assert.True(group.ConsumeEnable && group.ConsumeFromMinEnable && group.ConsumeBroadcastEnable
            && group.NotifyConsumerIdsChangedEnable);
        Assert.Equal((1, 16, 0L, 1L),
            (group.RetryQueueNums, group.RetryMaxTimes, group.BrokerId, group.WhichBrokerWhenConsumeSlowly));
        Assert.Equal(new DataVersion(77, 4), new DataVersion(5, 3).Next(77));
    }

    [Fact]
    public void Layouts_are_pinned()
    {
        // version 1 | timestamp 5 | name "T"
        Assert.Equal("00000001" + "0000000000000005" + "00000001" + "54",
            Hex(ConfigCommandCodec.EncodeTopicDelete("T", 5)));
        // ... | name "G" | removeOffsets true
        Assert.Equal("00000001" + "0000000000000005" + "00000001" + "47" + "01",
            Hex(ConfigCommandCodec.EncodeSubscriptionGroupDelete("G", true, 5)));
        // ... | "T" | read 8 | write 4 | perm 6 | MULTI_TAG | sysFlag 1 | order true
        Assert.Equal("00000001" + "0000000000000005" + "00000001" + "54"
                + "00000008" + "00000004" + "00000006" + "00000001" + "00000001" + "01",
            Hex(ConfigCommandCodec.EncodeTopicConfigUpdate(
                new TopicConfig("T")
                {
                    ReadQueueNums = 8,
                    WriteQueueNums = 4,
                    TopicFilterType = TopicFilterType.MultiTag,
                    TopicSysFlag = 1,
                    Order = true
                }, 5)));
    }

    [Fact]
    public void Consecutive_entries_of_one_subscription_share_a_run()
    {
        var payload = ConfigCommandCodec.EncodeConsumerOffsetCommit(9,
            [new("G", "T", 0, 1), new("G", "T", 1, 2), new("H", "T", 0, 3)]);

        // header | 2 runs | "G" "T" 2 × (queue, offset) | "H" "T" 1 × (queue, offset)
        Assert.Equal("00000001" + "0000000000000009" + "00000002"
                + "00000001" + "47" + "00000001" + "54" + "00000002"
                + "00000000" + "0000000000000001" + "00000001" + "0000000000000002"
                + "00000001" + "48" + "00000001" + "54" + "00000001" + "00000000" + "0000000000000003",
            Hex(payload));
    }

    [Fact]
    public void Names_of_exactly_the_limit_round_trip()
    {
        var name = new string('x', ConfigCommandCodec.MaxNameBytes - 2) + "é";

        var payload = ConfigCommandCodec.EncodeTopicDelete(name, 0);

        Assert.True(ConfigCommandCodec.TryDecodeTopicDelete(payload, out var decoded));
        Assert.Equal(name, decoded.Topic);
        Assert.Throws<ArgumentException>(() => ConfigCommandCodec.EncodeTopicDelete(name + "x", 0));
    }

    public static TheoryData<string, Func<byte[]>> InvalidCommands => new()
    {
        { "empty topic name", () => ConfigCommandCodec.EncodeTopicDelete("", 1) },
        { "lone surrogate", () => ConfigCommandCodec.EncodeTopicDelete("a\ud800", 1) },
        { "name too long", () => ConfigCommandCodec.EncodeTopicDelete(new string('x', 1025), 1) },
        { "negative timestamp", () => ConfigCommandCodec.EncodeTopicDelete("T", -1) },
        { "perm 8", () => ConfigCommandCodec.EncodeTopicConfigUpdate(new TopicConfig("T") { Perm = 8 }, 1) },
        { "negative queues", () => ConfigCommandCodec.EncodeTopicConfigUpdate(
            new TopicConfig("T") { ReadQueueNums = -1 }, 1) },
        { "too many queues", () => ConfigCommandCodec.EncodeTopicConfigUpdate(
            new TopicConfig("T") { WriteQueueNums = ConfigCommandCodec.MaxQueueNums + 1 }, 1) },
        { "undefined filter type", () => ConfigCommandCodec.EncodeTopicConfigUpdate(
            new TopicConfig("T") { TopicFilterType = (TopicFilterType)2 }, 1) },
        { "retryMaxTimes -2", () => ConfigCommandCodec.EncodeSubscriptionGroupUpdate(
            new SubscriptionGroupConfig("G") { RetryMaxTimes = -2 }, 1) },
        { "negative brokerId", () => ConfigCommandCodec.EncodeSubscriptionGroupUpdate(
            new SubscriptionGroupConfig("G") { BrokerId = -1 }, 1) },
        { "empty group name", () => ConfigCommandCodec.EncodeSubscriptionGroupDelete("", false, 1) },
        { "no offsets", () => ConfigCommandCodec.EncodeConsumerOffsetCommit(1, []) },
        { "negative offset", () => ConfigCommandCodec.EncodeConsumerOffsetCommit(1, [new("G", "T", 0, -1)]) },
        { "negative queue id", () => ConfigCommandCodec.EncodeConsumerOffsetCommit(1, [new("G", "T", -1, 0)]) },
        { "offset without topic", () => ConfigCommandCodec.EncodeConsumerOffsetCommit(1, [new("G", "", 0, 0)]) },
    };

    [Theory]
    [MemberData(nameof(InvalidCommands))]
    public void Encoders_refuse_what_decoders_would_reject(string why, Func<byte[]> encode)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => encode());
        Assert.False(string.IsNullOrEmpty(error.Message), why);
    }

    internal static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
