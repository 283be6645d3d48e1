using RocketMQ.Store.ConsumeQueue;

namespace RocketMQ.Store.Tests.Corruption;

/// <summary>
/// Issue 4, ConsumeQueue files: seeded random byte flips in units of several queues and files, made while the store
/// is stopped or while it runs. Every read serves the right message or reports corruption; a unit whose address or
/// size changed is never served; an untouched unit between untouched neighbours is always served.
/// </summary>
public sealed class ConsumeQueueFlipTests
{
    private const string Topic = "T";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Flips_made_while_stopped_are_served_right_or_reported(int seed)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var random = new Random(seed);
        var sent = new SentMessages();
        await sent.PutAsync(harness.Store, random, Topic, queues: 3, sends: 300);
        await harness.StopAsync();

        var damage = FlipRandomUnits(harness, sent, random, random.Next(1, 30));
        await harness.OpenAsync();

        var report = await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, $"seed {seed}");
        AssertDamageAccountedFor(report, damage, $"seed {seed}");
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public async Task Flips_made_under_a_running_store_are_served_right_repaired_or_reported_and_repairs_survive_a_restart(int seed)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var random = new Random(seed);
        var sent = new SentMessages();
        await sent.PutAsync(harness.Store, random, Topic, queues: 3, sends: 300);

        var damage = FlipRandomUnits(harness, sent, random, random.Next(1, 30));
        var report = await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, $"seed {seed}, running");
        AssertDamageAccountedFor(report, damage, $"seed {seed}, running");

        // Repairs were written into the queue files like any unit: after a restart they hold, and only what could
        // not be repaired is reported again.
        await harness.RestartAsync();
        var again = await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, $"seed {seed}, restarted");
        Assert.Empty(again.Repaired);
        Assert.True(again.Reported.IsSubsetOf(report.Reported),
            $"seed {seed}: reported after the restart but not before: {string.Join(", ", again.Reported.Except(report.Reported))}");
        Assert.True(damage.Values.All(d => !d.Address) || harness.Logged.Count(4003) + harness.Logged.Count(4004) > 0,
            $"seed {seed}: damaged units were not logged");
    }

    /// <summary>What changed in a unit: its address or size (bytes 0..11), its tags hash code (12..19).</summary>
    internal readonly record struct UnitDamage(bool Address, bool Tags);

    /// <summary>
    /// Flips <paramref name="flips"/> random bytes in written units of random queues (through the files on disk) and
    /// returns which units ended up different, by field.
    /// </summary>
    internal static Dictionary<(string Topic, int QueueId, long Offset), UnitDamage> FlipRandomUnits(
        CorruptionHarness harness, SentMessages sent, Random random, int flips)
    {
        var queues = sent.Queues.ToArray();
        var original = new Dictionary<(string, int, long), byte[]>();
        for (var f = 0; f < flips; f++)
        {
            var (topic, queueId) = queues[random.Next(queues.Length)];
            var offset = random.Next(sent.Queue(topic, queueId).Count);
            var (path, position) = harness.UnitLocation(topic, queueId, offset);
            if (!original.ContainsKey((topic, queueId, offset)))
            {
                original[(topic, queueId, offset)] = DiskBytes.Read(path, position, ConsumeQueueUnit.Bytes);
            }

            DiskBytes.Flip(path, position + random.Next(ConsumeQueueUnit.Bytes), (byte)random.Next(1, 256));
        }

        var damage = new Dictionary<(string, int, long), UnitDamage>();
        foreach (var ((topic, queueId, offset), before) in original)
        {
            var (path, position) = harness.UnitLocation(topic, queueId, offset);
            var after = DiskBytes.Read(path, position, ConsumeQueueUnit.Bytes);
            var address = !before.AsSpan(0, 12).SequenceEqual(after.AsSpan(0, 12));
            var tags = !before.AsSpan(12).SequenceEqual(after.AsSpan(12));
            if (address || tags)
            {
                damage[(topic, queueId, offset)] = new UnitDamage(address, tags);
            }
        }

        return damage;
    }

    /// <summary>
    /// A unit with a changed address or size was not served; a unit whose address and size are intact, as are its
    /// neighbours', was served (a changed tags hash code does not matter to an unfiltered read).
    /// </summary>
    internal static void AssertDamageAccountedFor(QueueReadReport report,
        Dictionary<(string Topic, int QueueId, long Offset), UnitDamage> damage, string context)
    {
        bool AddressDamaged(string topic, int queueId, long offset) =>
            damage.TryGetValue((topic, queueId, offset), out var d) && d.Address;

        foreach (var ((topic, queueId, offset), unit) in damage)
        {
            if (unit.Address)
            {
                Assert.True(report.Noticed(topic, queueId, offset),
                    $"{context}: damaged unit {topic}/{queueId}@{offset} was neither reported nor repaired");
            }
        }

        foreach (var (topic, queueId, offset) in report.Detected)
        {
            var explained = AddressDamaged(topic, queueId, offset) || AddressDamaged(topic, queueId, offset - 1)
                || AddressDamaged(topic, queueId, offset + 1) || AddressDamaged(topic, queueId, offset + 2)
                || AddressDamaged(topic, queueId, offset - 2);
            Assert.True(explained, $"{context}: intact unit {topic}/{queueId}@{offset} with intact neighbours "
                + "was reported");
        }
    }
}
