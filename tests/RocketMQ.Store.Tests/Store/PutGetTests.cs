using System.Text;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;

namespace RocketMQ.Store.Tests.Store;

public sealed class PutGetTests
{
    [Fact]
    public async Task Put_messages_are_read_back_in_order_with_their_offsets()
    {
        await using var harness = await StoreHarness.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            var put = await harness.Store.PutMessageAsync(StoreHarness.Message("T", 1, $"body{i}", "TagA", $"k{i}"));
            Assert.Equal(PutMessageStatus.PutOk, put.Status);
            Assert.Equal(i, put.QueueOffset);
        }

        using var read = await harness.Store.GetMessagesAsync("T", 1, 0, 32);
        Assert.Equal(GetMessageStatus.Found, read.Status);
        Assert.Equal(10, read.MessageCount);
        Assert.Equal(10, read.NextBeginOffset);
        for (var i = 0; i < 10; i++)
        {
            var slot = read.Slots[i];
            Assert.True(StoredMessage.TryRead(read.Messages.Span.Slice(slot.Start, slot.Size), out var message));
            Assert.Equal($"body{i}", Encoding.UTF8.GetString(message.Body));
            Assert.Equal(i, message.QueueOffset);
            Assert.Equal(slot.CommitLogOffset, message.PhysicalOffset);
        }
    }

    [Fact]
    public async Task Restart_and_crash_keep_every_message()
    {
        await using var harness = await StoreHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await harness.Store.PutMessageAsync(StoreHarness.Message("T", 0, $"a{i}"));
        }

        await harness.RestartAsync();
        for (var i = 0; i < 5; i++)
        {
            await harness.Store.PutMessageAsync(StoreHarness.Message("T", 0, $"b{i}"));
        }

        await harness.CrashAndRestartAsync();
        using var read = await harness.Store.GetMessagesAsync("T", 0, 0, 32);
        Assert.Equal(10, read.MessageCount);
        Assert.Equal(10, harness.Store.GetMaxOffsetInQueue("T", 0));
    }
}
