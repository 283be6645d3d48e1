using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Checkpoint;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Config;

/// <summary>
/// <see cref="ConfigState"/> against the <see cref="ConfigModel"/> oracle over random command sequences, and
/// its binary snapshot: round trip, identical bytes for equal states, and checkpoint + replay = full replay.
/// Seeds: see <see cref="ConfigGenerators"/>.
/// </summary>
public class ConfigStateProperties
{
    private static readonly Arbitrary<List<(RecordKind Kind, byte[] Payload)>> Sequences =
        ConfigGenerators.Commands(ConfigGenerators.Name).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property State_matches_the_oracle_after_every_command() =>
        Prop.ForAll(Sequences, commands =>
        {
            var state = new ConfigState();
            var model = new ConfigModel();
            foreach (var (kind, payload) in commands)
            {
                Assert.Equal(ConfigApplyStatus.Applied, state.Apply(kind, payload).Status);
                model.Apply(kind, payload);
                Assert.Null(model.Difference(state.Current));
            }
        });

    [Property(MaxTest = 300)]
    public Property Snapshot_round_trips_to_equal_content_and_identical_bytes() =>
        Prop.ForAll(Sequences, commands =>
        {
            var state = Replay(commands);
            var bytes = Snapshot(state);

            var reader = new StateReader(bytes);
            var restored = ConfigState.ReadFrom(ref reader);

            Assert.Equal(0, reader.Remaining);
            Assert.True(restored.ContentEquals(state));
            Assert.Equal(bytes, Snapshot(restored));
        });

    [Property(MaxTest = 200)]
    public Property Checkpoint_then_replay_of_the_rest_equals_replay_of_everything() =>
        Prop.ForAll(Sequences, Gen.Choose(0, 1000).ToArbitrary(), (commands, cut) =>
        {
            var split = commands.Count == 0 ? 0 : cut % (commands.Count + 1);
            var reader = new StateReader(Snapshot(Replay(commands.Take(split))));
            var resumed = ConfigState.ReadFrom(ref reader);
            foreach (var (kind, payload) in commands.Skip(split))
            {
                resumed.Apply(kind, payload);
            }

            var full = Replay(commands);
            Assert.True(resumed.ContentEquals(full));
            Assert.Equal(Snapshot(full), Snapshot(resumed));
        });

    [Property(MaxTest = 100)]
    public Property Equal_content_built_in_any_order_gives_identical_bytes() =>
        Prop.ForAll(
            ConfigGenerators.Topic(ConfigGenerators.Name).NonEmptyListOf().ToArbitrary(),
            ConfigGenerators.OffsetEntries(ConfigGenerators.Name).ToArbitrary(),
            (topics, entries) =>
            {
                // Distinct keys and one timestamp: the final content and versions do not depend on the order.
                var distinctTopics = topics.DistinctBy(t => t.TopicName).ToList();
                var distinctEntries = entries.DistinctBy(e => (e.Group, e.Topic, e.QueueId)).ToList();
                var forward = Build(distinctTopics, distinctEntries);
                distinctTopics.Reverse();
                distinctEntries.Reverse();
                var backward = Build(distinctTopics, distinctEntries);

                Assert.True(forward.ContentEquals(backward));
                Assert.Equal(Snapshot(forward), Snapshot(backward));
            });

    private static ConfigState Build(List<TopicConfig> topics, List<ConsumerOffsetEntry> entries)
    {
        var state = new ConfigState();
        foreach (var topic in topics)
        {
            state.Apply(StoreRecordKinds.TopicConfigUpdate, ConfigCommandCodec.EncodeTopicConfigUpdate(topic, 7));
        }

        foreach (var entry in entries)
        {
            state.Apply(StoreRecordKinds.ConsumerOffsetCommit,
                ConfigCommandCodec.EncodeConsumerOffsetCommit(7, [entry]));
        }

        return state;
    }

    internal static ConfigState Replay(IEnumerable<(RecordKind Kind, byte[] Payload)> commands)
    {
        var state = new ConfigState();
        foreach (var (kind, payload) in commands)
        {
            state.Apply(kind, payload);
        }

        return state;
    }

    internal static byte[] Snapshot(ConfigState state)
    {
        var writer = new StateWriter();
        state.WriteTo(writer);
        return writer.ToArray();
    }
}
