using RocketMQ.Store.ConsumeQueue;
using RocketMQ.Store.Reading;

namespace RocketMQ.Store.Tests.Corruption;

/// <summary>
/// Issue 4's "detected and repaired": a damaged ConsumeQueue unit where a consumer reads is re-derived from the log
/// (the source of truth) — byte for byte what applying wrote — and the read serves the right message; damage that
/// the log cannot explain is reported and left alone.
/// </summary>
public sealed class ConsumeQueueRepairTests
{
    private const string Topic = "T";

    [Theory]
    [InlineData(5, "redirected to a later message of the queue")]
    [InlineData(64, "first unit of the second file, zeroed")]
    [InlineData(100, "garbage")]
    public async Task A_damaged_unit_is_rewritten_from_the_log_exactly_as_applying_wrote_it(int offset, string how)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var sent = new SentMessages();
        await sent.PutAsync(harness.Store, new Random(7), Topic, queues: 1, sends: 200);
        var (path, position) = harness.UnitLocation(Topic, 0, offset);
        var original = DiskBytes.Read(path, position, ConsumeQueueUnit.Bytes);
        var damaged = how switch
        {
            "garbage" => Enumerable.Range(0, ConsumeQueueUnit.Bytes).Select(i => (byte)(i * 37 + 11)).ToArray(),
            "first unit of the second file, zeroed" => new byte[ConsumeQueueUnit.Bytes],
            _ => DiskBytes.Read(harness.UnitLocation(Topic, 0, offset + 3).Path,
                harness.UnitLocation(Topic, 0, offset + 3).Position, ConsumeQueueUnit.Bytes),
        };
        DiskBytes.Write(path, position, damaged);

        using var read = await harness.Store.GetMessagesAsync(Topic, 0, offset, 1);

        Assert.Equal(GetMessageStatus.Found, read.Status);
        Assert.True(read.Repaired, how);
        Assert.Null(sent.Mismatch(read, 0, Topic, 0));
        Assert.Equal(original, DiskBytes.Read(path, position, ConsumeQueueUnit.Bytes));
        Assert.True(harness.Logged.Count(4013) > 0, "the repair was not logged");
    }

    [Fact]
    public async Task Damage_the_log_cannot_explain_is_reported_once_and_left_alone()
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var sent = new SentMessages();
        await sent.PutAsync(harness.Store, new Random(8), Topic, queues: 1, sends: 50);

        // Every unit below 20 is garbage: no intact unit bounds the damage from below (the queue's start is not
        // trusted as a bound), so nothing can be re-derived with certainty.
        for (var offset = 0; offset < 20; offset++)
        {
            var (path, position) = harness.UnitLocation(Topic, 0, offset);
            DiskBytes.Write(path, position, Enumerable.Repeat((byte)0x5A, ConsumeQueueUnit.Bytes).ToArray());
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var read = await harness.Store.GetMessagesAsync(Topic, 0, 10, 1);
            Assert.Equal(GetMessageStatus.OffsetFoundNull, read.Status);
            Assert.True(read.CorruptionDetected);
            Assert.Equal(10, read.NextBeginOffset);
        }

        Assert.Equal(1, harness.Logged.Count(4014));
    }
}
