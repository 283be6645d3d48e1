using FsCheck;
using FsCheck.Fluent;
using RocketMQ.Store.Checkpoint;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Config;

/// <summary>A damaged snapshot is refused with <see cref="InvalidDataException"/>, never half-loaded and never
/// with another exception; readers on other threads only ever see whole commands. Seeded.</summary>
public class ConfigSnapshotTests
{
    public static TheoryData<int> Seeds => new(1, 7, 99);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_truncation_is_refused_and_bit_flips_never_throw_anything_else(int seed)
    {
        var random = new System.Random(seed);
        var sequences = ConfigGenerators.Commands(ConfigGenerators.Name).Sample(20, new Rnd((ulong)seed), size: 25);
        foreach (var commands in sequences)
        {
            var bytes = ConfigStateProperties.Snapshot(ConfigStateProperties.Replay(commands));
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.True(Refuses(bytes[..length]), $"seed {seed}: prefix of {length} of {bytes.Length} bytes");
            }

            for (var round = 0; round < 100; round++)
            {
                var damaged = bytes.ToArray();
                damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
                Refuses(damaged);
            }
        }
    }

    [Fact]
    public void Unordered_duplicate_empty_and_unknown_content_is_refused()
    {
        Assert.True(Refuses(Build(format: 2)), "format version");
        Assert.True(Refuses(Build(topics: ["b", "a"])), "unordered topics");
        Assert.True(Refuses(Build(topics: ["a", "a"])), "duplicate topics");
        Assert.True(Refuses(Build(offsetQueues: [])), "a group without queue offsets");
        Assert.True(Refuses(Build(offsetQueues: [2, 1])), "unordered queue ids");
        Assert.True(Refuses(Build(counter: -1)), "negative version");
        Assert.False(Refuses(Build()), "the well-formed baseline");
    }

    [Fact]
    public void Content_equality_sees_versions()
    {
        var a = new ConfigState();
        var b = new ConfigState();
        a.Apply(StoreRecordKinds.TopicConfigUpdate,
            ConfigCommandCodec.EncodeTopicConfigUpdate(new TopicConfig("T"), 1));
        b.Apply(StoreRecordKinds.TopicConfigUpdate,
            ConfigCommandCodec.EncodeTopicConfigUpdate(new TopicConfig("T"), 2));

        Assert.False(a.ContentEquals(b));
        Assert.True(a.ContentEquals(a));
        Assert.True(new ConfigState().ContentEquals(new ConfigState()));
    }

    [Fact]
    public async Task Readers_on_other_threads_see_only_whole_commands()
    {
        // Commit i sets queues 0 and 1 to i and is the i-th offsets version: a reader that ever sees them disagree,
        // or a version going back, saw a half-applied command or an unsafe publication.
        var state = new ConfigState();
        var done = 0;
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var lastCounter = 0L;
            var reads = 0;
            while (Volatile.Read(ref done) == 0 || reads == 0)
            {
                var snapshot = state.Current;
                var offsets = snapshot.Offsets.OffsetsOf("G", "T");
                var counter = snapshot.OffsetsVersion.Counter;
                if (counter > 0 && (offsets[0] != counter || offsets[1] != counter))
                {
                    return $"version {counter} with offsets {offsets[0]}, {offsets[1]}";
                }

                if (counter < lastCounter || (counter > 0 && state.QueryOffset("G", "T", 0) < counter))
                {
                    return $"went back from {lastCounter} to {counter}";
                }

                lastCounter = counter;
                reads++;
            }

            return null;
        })).ToArray();

        for (var i = 1; i <= 20_000; i++)
        {
            state.Apply(StoreRecordKinds.ConsumerOffsetCommit,
                ConfigCommandCodec.EncodeConsumerOffsetCommit(i, [new("G", "T", 0, i), new("G", "T", 1, i)]));
        }

        Volatile.Write(ref done, 1);
        Assert.All(await Task.WhenAll(readers), Assert.Null);
    }

    /// <summary>True when reading throws <see cref="InvalidDataException"/>; false when it reads; any other
    /// exception escapes and fails the test.</summary>
    private static bool Refuses(byte[] bytes)
    {
        try
        {
            var reader = new StateReader(bytes);
            ConfigSnapshot.ReadFrom(ref reader);
            return false;
        }
        catch (InvalidDataException)
        {
            return true;
        }
    }

    /// <summary>A hand-written snapshot: topics with default configs, no groups, one offset map.</summary>
    private static byte[] Build(int format = ConfigSnapshot.SnapshotFormatVersion, string[]? topics = null,
        int[]? offsetQueues = null, long counter = 1)
    {
        var writer = new StateWriter();
        writer.WriteInt32(format);
        writer.WriteInt64(1);
        writer.WriteInt64(counter);
        topics ??= ["a", "b"];
        writer.WriteInt32(topics.Length);
        foreach (var topic in topics)
        {
            ConfigCommandCodec.WriteTopicConfig(writer, new TopicConfig(topic));
        }

        writer.WriteInt64(0);
        writer.WriteInt64(0);
        writer.WriteInt32(0);
        writer.WriteInt64(1);
        writer.WriteInt64(1);
        offsetQueues ??= [0, 1];
        writer.WriteInt32(1);
        writer.WriteString("T");
        writer.WriteInt32(1);
        writer.WriteString("G");
        writer.WriteInt32(offsetQueues.Length);
        foreach (var queue in offsetQueues)
        {
            writer.WriteInt32(queue);
            writer.WriteInt64(5);
        }

        return writer.ToArray();
    }
}
