using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Config;

/// <summary>
/// Damaged payloads — random bytes, every truncation and bit flips of valid encodings — never make a decoder
/// throw, and a payload that lost or gained bytes never decodes. Seeded: a failure names the seed and the input.
/// </summary>
public class MalformedCommandTests
{
    private static readonly int[] Seeds = [1, 2, 3, 42, 20240601];

    public static TheoryData<int> SeedData => new(Seeds);

    [Theory]
    [MemberData(nameof(SeedData))]
    public void Random_bytes_never_throw(int seed)
    {
        var random = new System.Random(seed);
        for (var round = 0; round < 2000; round++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (random.Next(2) == 0 && bytes.Length >= 4)
            {
                // A valid version word gets random input past the first check.
                BinaryPrimitives.WriteInt32BigEndian(bytes, ConfigCommandCodec.FormatVersion);
            }

            DecodeAll(bytes, $"seed {seed}, round {round}");
        }
    }

    [Theory]
    [MemberData(nameof(SeedData))]
    public void Every_truncation_and_extension_of_a_valid_payload_is_rejected(int seed)
    {
        foreach (var (kind, payload) in ValidPayloads(seed, count: 60))
        {
            for (var length = 0; length < payload.Length; length++)
            {
                var context = $"seed {seed}, kind {kind}, length {length}: {Convert.ToHexString(payload)}";
                DecodeAll(payload[..length], context);
                Assert.False(Decode(kind, payload[..length]), context);
            }

            Assert.False(Decode(kind, [.. payload, 0]), $"seed {seed}, kind {kind}, trailing byte");
            Assert.True(Decode(kind, payload), $"seed {seed}, kind {kind}: the valid payload itself");
        }
    }

    [Theory]
    [MemberData(nameof(SeedData))]
    public void Bit_flips_of_valid_payloads_never_throw(int seed)
    {
        var random = new System.Random(seed);
        foreach (var (kind, payload) in ValidPayloads(seed, count: 200))
        {
            for (var round = 0; round < 20; round++)
            {
                var damaged = payload.ToArray();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
                }

                DecodeAll(damaged, $"seed {seed}, kind {kind}, round {round}: {Convert.ToHexString(damaged)}");
            }
        }
    }

    [Fact]
    public void Specific_damage_is_rejected()
    {
        var valid = ConfigCommandCodec.EncodeTopicDelete("T", 5);
        Assert.True(ConfigCommandCodec.TryDecodeTopicDelete(valid, out _));

        Assert.False(ConfigCommandCodec.TryDecodeTopicDelete(With(valid, 3, 2), out _), "format version 2");
        Assert.False(ConfigCommandCodec.TryDecodeTopicDelete(With(valid, 4, 0x80), out _), "negative timestamp");
        Assert.False(ConfigCommandCodec.TryDecodeTopicDelete(With(valid, 16, 0xFF), out _), "invalid UTF-8");
        Assert.False(ConfigCommandCodec.TryDecodeTopicDelete(
            Convert.FromHexString("00000001" + "0000000000000005" + "FFFFFFFF"), out _), "null name");
        Assert.False(ConfigCommandCodec.TryDecodeTopicDelete(
            Convert.FromHexString("00000001" + "0000000000000005" + "00000000"), out _), "empty name");
        // CESU-8 surrogate halves are not UTF-8.
        Assert.False(ConfigCommandCodec.TryDecodeTopicDelete(
            Convert.FromHexString("00000001" + "0000000000000005" + "00000003" + "EDA080"), out _), "surrogate");

        var group = ConfigCommandCodec.EncodeSubscriptionGroupDelete("G", true, 5);
        Assert.False(ConfigCommandCodec.TryDecodeSubscriptionGroupDelete(With(group, group.Length - 1, 2), out _),
            "boolean 2");
        var topic = ConfigCommandCodec.EncodeTopicConfigUpdate(new TopicConfig("T"), 5);
        Assert.False(ConfigCommandCodec.TryDecodeTopicConfigUpdate(With(topic, 28, 8), out _), "perm 8");
        Assert.False(ConfigCommandCodec.TryDecodeTopicConfigUpdate(With(topic, 32, 2), out _), "filter type 2");

        var commit = ConfigCommandCodec.EncodeConsumerOffsetCommit(5, [new("G", "T", 0, 1)]);
        Assert.False(ConfigCommandCodec.TryDecodeConsumerOffsetCommit(With(commit, 15, 0), out _), "0 runs");
        Assert.False(ConfigCommandCodec.TryDecodeConsumerOffsetCommit(With(commit, 29, 0), out _), "empty run");
        Assert.False(ConfigCommandCodec.TryDecodeConsumerOffsetCommit(With(commit, 30, 0x80), out _), "queue -");
        Assert.False(ConfigCommandCodec.TryDecodeConsumerOffsetCommit(With(commit, 34, 0x80), out _), "offset -");
    }

    /// <summary>Decodes with every decoder; any exception fails the test with <paramref name="context"/>.</summary>
    private static void DecodeAll(byte[] bytes, string context)
    {
        foreach (var kind in Kinds)
        {
            try
            {
                Decode(kind, bytes);
            }
            catch (Exception e)
            {
                Assert.Fail($"{context}: decoder of kind {kind} threw {e}");
            }
        }
    }

    private static readonly RecordKind[] Kinds =
    [
        StoreRecordKinds.TopicConfigUpdate, StoreRecordKinds.TopicDelete, StoreRecordKinds.SubscriptionGroupUpdate,
        StoreRecordKinds.SubscriptionGroupDelete, StoreRecordKinds.ConsumerOffsetCommit,
    ];

    private static bool Decode(RecordKind kind, byte[] bytes) => kind.Value switch
    {
        2 => ConfigCommandCodec.TryDecodeTopicConfigUpdate(bytes, out _),
        3 => ConfigCommandCodec.TryDecodeTopicDelete(bytes, out _),
        4 => ConfigCommandCodec.TryDecodeSubscriptionGroupUpdate(bytes, out _),
        5 => ConfigCommandCodec.TryDecodeSubscriptionGroupDelete(bytes, out _),
        6 => ConfigCommandCodec.TryDecodeConsumerOffsetCommit(bytes, out _),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Valid payloads of every kind drawn from the generators with a fixed seed.</summary>
    private static List<(RecordKind Kind, byte[] Payload)> ValidPayloads(int seed, int count) =>
        ConfigGenerators.Command(ConfigGenerators.Name).Sample(count, new Rnd((ulong)seed), size: 30).ToList();

    private static byte[] With(byte[] bytes, int index, byte value)
    {
        var copy = bytes.ToArray();
        copy[index] = value;
        return copy;
    }
}
