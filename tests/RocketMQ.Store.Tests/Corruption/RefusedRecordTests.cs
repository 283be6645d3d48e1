using System.Net;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;

namespace RocketMQ.Store.Tests.Corruption;

/// <summary>
/// Records that are intact but must not be applied — written by a broken or hostile leader, bypassing the put path's
/// checks — are refused as a whole on apply: a topic name becomes a directory name, so nothing of such a record may
/// reach the disk.
/// </summary>
public sealed class RefusedRecordTests
{
    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("topic.name")]
    [InlineData("tópico")]
    [InlineData("nul\u0000")]
    public async Task A_record_with_a_topic_name_not_allowed_is_refused_whole(string badTopic)
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var random = new Random(3);
        var sent = new SentMessages();
        await sent.PutAsync(harness.Store, random, "T", queues: 1, sends: 3);

        // A valid message first: the bad one after it must take the whole record down.
        var messages = new[]
        {
            SentMessages.NewMessage(random, "T", 0, 100),
            SentMessages.NewMessage(random, "T", 0, 101) with { Topic = badTopic },
        };
        var context = await AppendDirectlyAsync(harness, messages);

        Assert.NotNull(context.RefusedBecause);
        Assert.Equal(-1, context.FirstQueueOffset);
        Assert.Equal(3, harness.Store.GetMaxOffsetInQueue("T", 0));
        Assert.Empty(harness.Store.QueuesOf(badTopic));
        Assert.Equal(["T"], Directory.GetDirectories(harness.Options.ConsumeQueueDirectory).Select(Path.GetFileName));
        Assert.Equal(1, harness.Logged.Count(4001));

        await sent.PutAsync(harness.Store, random, "T", queues: 1, sends: 3);
        await QueueReads.CheckEveryOffsetAsync(harness.Store, sent, $"topic '{badTopic}'");
    }

    [Fact]
    public async Task A_record_with_a_negative_queue_id_is_refused_whole()
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var random = new Random(4);
        var messages = new[]
        {
            SentMessages.NewMessage(random, "T", 0, 1), SentMessages.NewMessage(random, "T", -1, 2),
        };

        var context = await AppendDirectlyAsync(harness, messages);

        Assert.NotNull(context.RefusedBecause);
        Assert.Empty(harness.Store.QueuesOf("T"));
    }

    [Fact]
    public async Task The_same_record_with_allowed_names_applies()
    {
        await using var harness = await CorruptionHarness.StartAsync();
        var random = new Random(5);
        var messages = new[]
        {
            SentMessages.NewMessage(random, "T", 0, 1), SentMessages.NewMessage(random, "%RETRY%G|x-1_", 0, 2),
        };

        var context = await AppendDirectlyAsync(harness, messages);

        Assert.Null(context.RefusedBecause);
        Assert.True(context.IsComplete);
        Assert.Equal(1, harness.Store.GetMaxOffsetInQueue("%RETRY%G|x-1_", 0));
    }

    /// <summary>Encodes <paramref name="messages"/> as the put path would and appends them straight to the log.
    /// </summary>
    private static async Task<PutContext> AppendDirectlyAsync(CorruptionHarness harness, MessageToStore[] messages)
    {
        var host = new IPEndPoint(IPAddress.Loopback, 10911);
        var record = new byte[MessageBatchWriter.RecordLength(messages, host)];
        MessageBatchWriter.Write(record, messages, 1_700_000_000_000, host);
        Assert.Equal(BatchCheck.Valid, MessageBatchFormat.Validate(record, out _));

        var context = PutContext.Rent(messages.Length);
        var appended = await harness.Log.AppendAsync(StoreRecordKinds.Messages, record, context, default);
        Assert.True(appended.IsCommitted);
        return context;
    }
}
