using RocketMQ.Common.Messages;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Corruption;

/// <summary>
/// Issue 4, log batches damaged after they were applied (the entry rots in the log while the projections point into
/// it): the damaged message is reported by every read path — queue read, lookup by offset, key query — and never
/// served; the other messages of the same entry still read fine.
/// </summary>
public sealed class LogFlipAfterApplyTests
{
    private const string Topic = "T";

    [Fact]
    public async Task A_flip_anywhere_in_an_entry_is_caught_for_the_message_it_hits_only()
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var (sent, entry, members) = await PutWithTargetEntryAsync(harness, seed: 5);
        var payloadLength = harness.Storage.EntriesFrom(entry)[0].Payload.Length;

        for (var position = 0; position < payloadLength; position++)
        {
            var mask = (byte)(1 << (position % 8));
            harness.Storage.FlipByte(entry, position, mask);
            foreach (var message in members)
            {
                // A message's bytes and the checksum in front of it; the entry and batch headers are read by nobody.
                var start = new CommitLogOffset(message.CommitLogOffset).Position;
                var hit = position >= start - MessageBatchFormat.MessagePrefixBytes && position < start + message.Size;
                await AssertReadAsync(harness, sent, message, hit, $"flip 0x{mask:X2} at entry byte {position}");
            }

            harness.Storage.FlipByte(entry, position, mask);
        }
    }

    [Fact]
    public async Task Every_read_path_reports_the_damaged_message_and_serves_its_siblings()
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var (sent, entry, members) = await PutWithTargetEntryAsync(harness, seed: 6);
        var damaged = members[1];
        var position = new CommitLogOffset(damaged.CommitLogOffset).Position + (damaged.Size / 2);
        harness.Storage.FlipByte(entry, position, 0x40);

        var report = await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, "body flip");
        Assert.Contains((Topic, damaged.QueueId, damaged.QueueOffset), report.Reported);
        Assert.Single(report.Reported);
        Assert.True(harness.Logged.Count(4004) > 0, "the damaged message was not logged");

        using var byOffset = await harness.Store.LookMessageByOffsetAsync(damaged.CommitLogOffset);
        Assert.Equal(GetMessageStatus.OffsetFoundNull, byOffset.Status);
        using var byKey = await harness.Store.QueryMessageAsync(Topic, damaged.UniqueKey, 32, 0, long.MaxValue);
        Assert.Equal(0, byKey.Messages.MessageCount);
        foreach (var sibling in members.Where(m => m != damaged))
        {
            using var found = await harness.Store.QueryMessageAsync(Topic, sibling.UniqueKey, 32, 0, long.MaxValue);
            Assert.Equal(1, found.Messages.MessageCount);
            Assert.Equal(sibling.CommitLogOffset, found.Messages.Slots[0].CommitLogOffset);
        }

        // The entry is below the checkpoint: a restart does not re-apply it, and reads keep reporting the damage.
        await harness.RestartAsync();
        report = await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, "body flip, restarted");
        Assert.Equal([(Topic, damaged.QueueId, damaged.QueueOffset)], report.Reported);
    }

    private static async Task AssertReadAsync(CorruptionHarness harness, SentMessages sent, SentMessage message,
        bool hit, string context)
    {
        using var read = await harness.Store.GetMessagesAsync(Topic, message.QueueId, message.QueueOffset, 1);
        var where = $"{context}, message {message.QueueId}@{message.QueueOffset}";
        if (hit)
        {
            Assert.True(read.Status != GetMessageStatus.Found && read.CorruptionDetected, $"{where}: {read.Status}");
        }
        else
        {
            Assert.True(read.Status == GetMessageStatus.Found, $"{where}: {read.Status}");
            Assert.Null(sent.Mismatch(read, 0, Topic, message.QueueId));
        }

        using var byOffset = await harness.Store.LookMessageByOffsetAsync(message.CommitLogOffset);
        Assert.True((byOffset.Status == GetMessageStatus.Found) == !hit, $"{where}: lookup {byOffset.Status}");
    }

    /// <summary>Puts sends to two queues around one entry of three messages to queue 0, the target.</summary>
    private static async Task<(SentMessages Sent, long Entry, SentMessage[] Members)> PutWithTargetEntryAsync(
        CorruptionHarness harness, int seed)
    {
        var random = new Random(seed);
        var sent = new SentMessages();
        await sent.PutAsync(harness.Store, random, Topic, queues: 2, sends: 10);
        var batch = Enumerable.Range(0, 3).Select(i => SentMessages.NewMessage(random, Topic, 0, 500 + i)).ToArray();
        var put = await harness.Store.PutMessagesAsync(batch);
        Assert.True(put.IsOk, put.Remark);
        var entry = harness.Storage.LastIndex;
        for (var i = 0; i < batch.Length; i++)
        {
            sent.Record(batch[i], put.QueueOffset + i, put.CommitLogOffsets![i]);
        }

        await sent.PutAsync(harness.Store, random, Topic, queues: 2, sends: 10);
        return (sent, entry, [.. sent.All.Where(m => new CommitLogOffset(m.CommitLogOffset).Index == entry)]);
    }
}
