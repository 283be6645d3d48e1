using RocketMQ.Common.Replication;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;

namespace RocketMQ.Store.Tests.Corruption;

/// <summary>
/// Issue 4, log batches damaged before they are applied (a replica whose log storage rotted between append and
/// apply): the record is refused as a whole — no queue offset for any of its messages, nothing indexed, the put
/// says so — and the records and entries after it apply as if it had never been there.
/// </summary>
public sealed class LogFlipBeforeApplyTests
{
    private const string Topic = "T";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_record_damaged_anywhere_is_refused_whole_and_later_records_apply(int seed)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var random = new Random(seed);
        var sent = new SentMessages();
        await sent.PutAsync(harness.Store, random, Topic, queues: 2, sends: 10);
        const int damaged = 60;
        for (var attempt = 0; attempt < damaged; attempt++)
        {
            var batch = Batch(random, queueId: attempt % 2, 10_000 + (attempt * 10));
            var length = MessageBatchWriter.RecordLength(batch, harness.Options.StoreHost);
            var at = random.Next(length);
            var mask = (byte)random.Next(1, 256);
            var context = $"seed {seed}, attempt {attempt}: flip 0x{mask:X2} at record byte {at} of {length}";
            var before = harness.Store.GetMaxOffsetInQueue(Topic, attempt % 2);

            var put = await PutDamagedAsync(harness, batch, at, mask);

            Assert.True(put.Status == PutMessageStatus.UnknownError, $"{context}: {put.Status}");
            Assert.Equal(before, harness.Store.GetMaxOffsetInQueue(Topic, attempt % 2));
            foreach (var message in batch)
            {
                using var query = await harness.Store.QueryMessageAsync(Topic, UniqueKeyOf(message), 32, 0,
                    long.MaxValue);
                Assert.True(query.Messages.MessageCount == 0, $"{context}: a refused message was indexed");
            }

            // The next send gets the next offsets, as if the refused one had never been sent.
            await sent.PutAsync(harness.Store, random, Topic, queues: 2, sends: 1);
        }

        Assert.Equal(damaged, harness.Logged.Count(4001));
        await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, $"seed {seed}");
    }

    [Fact]
    public async Task Every_byte_of_a_record_is_covered()
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var random = new Random(7);
        var sent = new SentMessages();
        var batch = Batch(random, queueId: 0, 20_000);
        var length = MessageBatchWriter.RecordLength(batch, harness.Options.StoreHost);
        for (var at = 0; at < length; at++)
        {
            var put = await PutDamagedAsync(harness, batch, at, (byte)(1 << (at % 8)));
            Assert.True(put.Status == PutMessageStatus.UnknownError, $"flip at record byte {at}: {put.Status}");
        }

        Assert.Equal(0, harness.Store.GetMaxOffsetInQueue(Topic, 0));
        await sent.PutAsync(harness.Store, random, Topic, queues: 1, sends: 5);
        await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, "after every byte");
    }

    [Fact]
    public async Task Only_the_damaged_record_of_a_group_committed_entry_is_refused()
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var random = new Random(11);
        var sent = new SentMessages();
        await sent.PutAsync(harness.Store, random, Topic, queues: 1, sends: 3);
        var batches = new[] { Batch(random, 0, 30_000), Batch(random, 0, 30_010), Batch(random, 0, 30_020) };
        var target = harness.Storage.LastIndex + 1;
        harness.BeforeApply = entry =>
        {
            if (entry.Index == target)
            {
                var middle = Records(entry)[1];
                harness.Storage.FlipByte(entry.Index, middle.Offset + (middle.Length / 2), 0x10);
            }
        };

        harness.Log.AutoCommit = false;
        var puts = batches.Select(b => harness.Store.PutMessagesAsync(b).AsTask()).ToArray();
        Assert.Equal(3, harness.Log.PendingCount);
        Assert.Equal(target, await harness.Log.CommitPendingAsync());
        var results = await Task.WhenAll(puts);
        harness.Log.AutoCommit = true;
        harness.BeforeApply = null;

        Assert.Equal([PutMessageStatus.PutOk, PutMessageStatus.UnknownError, PutMessageStatus.PutOk],
            results.Select(r => r.Status));
        Assert.Equal(results[0].QueueOffset + batches[0].Length, results[2].QueueOffset);
        foreach (var i in new[] { 0, 2 })
        {
            for (var m = 0; m < batches[i].Length; m++)
            {
                sent.Record(batches[i][m], results[i].QueueOffset + m, results[i].CommitLogOffsets?[m]
                    ?? results[i].CommitLogOffset);
            }
        }

        await sent.PutAsync(harness.Store, random, Topic, queues: 1, sends: 3);
        await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, "group commit");
    }

    /// <summary>Puts <paramref name="batch"/> with one byte of its record flipped in the log before it is applied.
    /// </summary>
    private static async Task<PutMessageResult> PutDamagedAsync(CorruptionHarness harness, MessageToStore[] batch,
        int recordByte, byte mask)
    {
        var target = harness.Storage.LastIndex + 1;
        harness.BeforeApply = entry =>
        {
            if (entry.Index == target)
            {
                harness.Storage.FlipByte(entry.Index, Records(entry)[0].Offset + recordByte, mask);
            }
        };
        try
        {
            return await harness.Store.PutMessagesAsync(batch);
        }
        finally
        {
            harness.BeforeApply = null;
        }
    }

    /// <summary>1..3 messages for one queue, numbered from <paramref name="number"/>.</summary>
    private static MessageToStore[] Batch(Random random, int queueId, int number) =>
        [.. Enumerable.Range(0, random.Next(1, 4)).Select(i => SentMessages.NewMessage(random, Topic, queueId,
            number + i))];

    private static string UniqueKeyOf(in MessageToStore message) =>
        Common.Messages.MessageProperties.Parse(message.Properties)["UNIQ_KEY"];

    /// <summary>Where each record's payload sits in an entry.</summary>
    internal static List<(int Offset, int Length)> Records(in ReplicatedEntry entry)
    {
        var records = new List<(int, int)>();
        foreach (var record in new ReplicatedEntry(entry.Index, entry.Term, entry.Payload,
                     ReplicatedEntry.UnknownRecordCount, null))
        {
            records.Add((record.Offset, record.Payload.Length));
        }

        return records;
    }
}
