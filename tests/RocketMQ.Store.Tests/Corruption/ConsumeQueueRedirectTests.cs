using RocketMQ.Common.Messages;
using RocketMQ.Store.ConsumeQueue;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Corruption;

/// <summary>
/// Issue 4, ConsumeQueue units rewritten on purpose (under the running store) to point at the most dangerous
/// targets: another message of the same queue — the one damage the message's own checks cannot catch — another
/// queue's message, nothing at all, and with a wrong size or tags code.
/// </summary>
public sealed class ConsumeQueueRedirectTests
{
    private const string Topic = "T";
    private const int Seed = 4242;

    /// <summary>Unit k takes unit j's address (or all of unit j): both directions, within a file, across the
    /// boundary between two files (64 units per file), from the first and to the last unit of the queue.</summary>
    [Theory]
    [InlineData(10, 9, false)]
    [InlineData(10, 11, false)]
    [InlineData(10, 3, true)]
    [InlineData(10, 40, true)]
    [InlineData(63, 64, false)]
    [InlineData(63, 64, true)]
    [InlineData(63, 100, false)]
    [InlineData(64, 63, true)]
    [InlineData(127, 128, true)]
    [InlineData(0, 1, true)]
    [InlineData(0, 90, false)]
    [InlineData(-1, -2, true)]
    [InlineData(-2, -1, true)]
    public async Task A_unit_pointing_at_another_message_of_its_queue_is_reported(int k, int j, bool wholeUnit)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var sent = await PutInterleavedAsync(harness);
        var queue = sent.Queue(Topic, 0);
        k = k < 0 ? queue.Count + k : k;
        j = j < 0 ? queue.Count + j : j;
        var target = queue[j];

        var tags = wholeUnit ? TagsHash.Of(target.Tags) : TagsHash.Of(queue[k].Tags);
        WriteUnit(harness, 0, k, new ConsumeQueueUnit(target.CommitLogOffset,
            wholeUnit ? target.Size : queue[k].Size, tags));

        var report = await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, $"unit {k} -> unit {j}");
        Assert.True(report.Noticed(Topic, 0, k), $"damage at {k} went unnoticed");
    }

    [Fact]
    public async Task A_unit_pointing_at_another_queues_message_between_its_neighbours_is_reported()
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var sent = await PutInterleavedAsync(harness);
        var queue = sent.Queue(Topic, 0);
        var redirected = 0;
        for (var k = 1; k < queue.Count - 1; k += 7)
        {
            // Another queue of the topic, or another topic with the same queue id: both pass the order checks.
            var (low, high) = (queue[k - 1].CommitLogOffset, queue[k + 1].CommitLogOffset);
            var other = sent.All.FirstOrDefault(m => (m.Topic != Topic || m.QueueId != 0)
                && m.CommitLogOffset > low && m.CommitLogOffset < high);
            if (other is not null)
            {
                WriteUnit(harness, 0, k, new ConsumeQueueUnit(other.CommitLogOffset, other.Size,
                    TagsHash.Of(other.Tags)));
                redirected++;
            }
        }

        var report = await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, "redirected to other queues");
        Assert.True(redirected >= 10, $"only {redirected} units redirected");
        Assert.True(report.Detected.Count >= redirected);
        Assert.True(harness.Logged.Count(4004) > 0, "the damaged units were not logged");
    }

    [Theory]
    [InlineData("position + 1")]
    [InlineData("position - 4")]
    [InlineData("position 0")]
    [InlineData("past the entry")]
    [InlineData("not yet applied")]
    [InlineData("index 0")]
    [InlineData("negative")]
    [InlineData("max")]
    public async Task A_unit_pointing_at_nothing_is_reported(string where)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var sent = await PutInterleavedAsync(harness);
        const int k = 20;
        var unit = sent.Queue(Topic, 0)[k];
        var address = new CommitLogOffset(unit.CommitLogOffset);
        var bogus = where switch
        {
            "position + 1" => unit.CommitLogOffset + 1,
            "position - 4" => unit.CommitLogOffset - MessageBatchFormat.MessagePrefixBytes,
            "position 0" => CommitLogOffset.FirstOfEntry(address.Index),
            "past the entry" => unit.CommitLogOffset + 4096,
            "not yet applied" => CommitLogOffset.From(harness.Store.AppliedIndex + 1, address.Position).Value,
            "index 0" => address.Position,
            "negative" => -unit.CommitLogOffset,
            _ => long.MaxValue,
        };
        WriteUnit(harness, 0, k, new ConsumeQueueUnit(bogus, unit.Size, TagsHash.Of(unit.Tags)));

        var report = await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, where);
        Assert.True(report.Noticed(Topic, 0, k), $"damage at {k} went unnoticed");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(-1000)]
    [InlineData(1 << 22)]
    [InlineData(int.MinValue)]
    public async Task A_unit_with_a_wrong_size_is_reported(int change)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var sent = await PutInterleavedAsync(harness);
        var queue = sent.Queue(Topic, 0);
        for (var k = 5; k < queue.Count; k += 11)
        {
            var unit = queue[k];
            WriteUnit(harness, 0, k, new ConsumeQueueUnit(unit.CommitLogOffset, unchecked(unit.Size + change),
                TagsHash.Of(unit.Tags)));
        }

        var report = await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, $"size {change:+#;-#}");
        for (var k = 5; k < queue.Count; k += 11)
        {
            Assert.True(report.Noticed(Topic, 0, k), $"damage at {k} went unnoticed");
        }
    }

    [Fact]
    public async Task A_unit_with_a_wrong_tags_code_never_gets_a_wrong_message_served()
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var sent = await PutInterleavedAsync(harness);
        var queue = sent.Queue(Topic, 0);
        for (var k = 0; k < queue.Count; k += 3)
        {
            WriteUnit(harness, 0, k, new ConsumeQueueUnit(queue[k].CommitLogOffset, queue[k].Size,
                TagsHash.Of(queue[k].Tags) ^ (1L << (k % 40))));
        }

        // Unfiltered reads do not use the code: every message is served. Filtered reads may skip or include a
        // damaged unit's message (the code is all a ConsumeQueue filter has), but serve only right messages.
        var report = await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, "tags code");
        Assert.Equal(queue.Count, report.Found.Count(f => f.Topic == Topic && f.QueueId == 0));
        await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, "tags code, filtered",
            new TagsFilter([TagsHash.Of("TagA")]));
    }

    /// <summary>
    /// Halves of a transaction (prepared, rolled back) are stored in the queue's topic and queue but get no unit: a
    /// unit redirected to one lies between its neighbours and names the right queue, yet must not be served.
    /// </summary>
    [Theory]
    [InlineData(StoredMessageLayout.TransactionPreparedType)]
    [InlineData(StoredMessageLayout.TransactionRollbackType)]
    public async Task A_unit_pointing_at_a_transaction_half_of_its_queue_is_reported(int transactionType)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var sent = new SentMessages();
        var random = new Random(Seed);
        await sent.PutAsync(harness.Store, random, Topic, queues: 1, sends: 3);
        var half = SentMessages.NewMessage(random, Topic, 0, 1000, transactionType);
        var put = await harness.Store.PutMessageAsync(half);
        Assert.True(put.IsOk, put.Remark);
        sent.Record(half, 0, put.CommitLogOffset);
        await sent.PutAsync(harness.Store, random, Topic, queues: 1, sends: 3);

        // The last unit before the half now points at it (between its neighbours, same topic and queue).
        var k = sent.All.IndexOf(sent.All.Single(m => m.UniqueKey == SentMessages.UniqueKeyOf(1000))) - 1;
        var halfSent = sent.All.Single(m => m.UniqueKey == SentMessages.UniqueKeyOf(1000));
        var unitOffset = sent.All[k].QueueOffset;
        WriteUnit(harness, 0, unitOffset, new ConsumeQueueUnit(halfSent.CommitLogOffset, halfSent.Size, 0));

        var report = await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, $"half type {transactionType}");
        Assert.True(report.Noticed(Topic, 0, unitOffset), $"damage at {unitOffset} went unnoticed");
    }

    /// <summary>Three queues of T and one of U, interleaved at random: 500 sends, three files per queue.</summary>
    private static async Task<SentMessages> PutInterleavedAsync(CorruptionHarness harness)
    {
        var sent = new SentMessages();
        var random = new Random(Seed);
        for (var round = 0; round < 100; round++)
        {
            await sent.PutAsync(harness.Store, random, Topic, queues: 3, sends: 4);
            await sent.PutAsync(harness.Store, random, "U", queues: 1, sends: 1);
        }

        Assert.True(sent.Queue(Topic, 0).Count > 130, "queue 0 should span three files");
        return sent;
    }

    private static void WriteUnit(CorruptionHarness harness, int queueId, long queueOffset, ConsumeQueueUnit unit)
    {
        var bytes = new byte[ConsumeQueueUnit.Bytes];
        unit.Write(bytes);
        var (path, position) = harness.UnitLocation(Topic, queueId, queueOffset);
        DiskBytes.Write(path, position, bytes);
    }
}
