using System.Diagnostics;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>Held pulls: woken by arrivals (within 50 ms), answered at their deadline, dropped with their channel.
/// </summary>
public sealed class LongPollingTests(SharedBroker shared) : IClassFixture<SharedBroker>
{
    private const int Suspend = PullSysFlag.Suspend;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private TestBroker Broker => shared.Broker;

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_held_pull_is_answered_not_found_when_its_time_is_up(SerializeType serialization)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await Broker.CreateTopicAsync(topic);
        await Broker.PutAsync(topic, 0);

        var started = Stopwatch.GetTimestamp();
        var response = await Broker.InvokeAsync(Requests.Pull(group, topic, 0, 1, Suspend, "*", suspendMs: 300),
            serialization);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(ResponseCode.PullNotFound, response.Code);
        Assert.Equal("OFFSET_OVERFLOW_ONE", response.Remark);
        Assert.Equal(1, Requests.PullHeader(response).NextBeginOffset);
        Assert.InRange(elapsed.TotalMilliseconds, 290, 3000);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Without_the_suspend_flag_an_empty_queue_is_answered_at_once(SerializeType serialization)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await Broker.CreateTopicAsync(topic);
        var response = await Broker.InvokeAsync(Requests.Pull(group, topic, 0, 0, 0, "*", suspendMs: 15_000),
            serialization, TimeSpan.FromSeconds(5));
        Assert.Equal(ResponseCode.PullNotFound, response.Code);
        Assert.Equal(0, Broker.Module.HeldPulls);
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_held_pull_ignores_messages_its_tags_exclude(SerializeType serialization)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await Broker.CreateTopicAsync(topic);
        var answer = Broker.InvokeAsync(Requests.Pull(group, topic, 0, 0, Suspend, "TagB", suspendMs: 15_000),
            serialization);
        await Requests.EventuallyAsync(() => Broker.Module.HeldPulls == 1, Deadline, "the pull to be held");

        await Broker.PutAsync(topic, 0, "TagA", "skipped");
        await Broker.PutAsync(topic, 0, "TagB", "wanted");
        var response = await answer.WaitAsync(Deadline);

        Assert.Equal(ResponseCode.Success, response.Code);
        Assert.Equal([(1L, "TagB", "wanted")], Requests.Messages(response));
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_held_pull_dies_with_its_channel(SerializeType serialization)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await Broker.CreateTopicAsync(topic);
        await using var client = Broker.NewClient();
        var answer = client.InvokeAsync(Requests.Pull(group, topic, 0, 0, Suspend, "*", suspendMs: 15_000),
            serialization);
        await Requests.EventuallyAsync(() => Broker.Module.HeldPulls == 1, Deadline, "the pull to be held");

        client.Close();

        await Requests.EventuallyAsync(() => Broker.Module.HeldPulls == 0, Deadline, "the held pull to be dropped");
        await Assert.ThrowsAnyAsync<Exception>(() => answer);
        await Broker.PutAsync(topic, 0);
    }

    [Fact]
    public async Task Without_long_polling_a_pull_is_held_for_the_short_polling_time()
    {
        await using var broker = await TestBroker.StartLocalAsync(o =>
        {
            o.LongPollingEnable = false;
            o.ShortPollingTimeMills = 200;
        });
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await broker.CreateTopicAsync(topic);
        foreach (var serialization in new[] { SerializeType.Json, SerializeType.RocketMq })
        {
            var started = Stopwatch.GetTimestamp();
            var response = await broker.InvokeAsync(Requests.Pull(group, topic, 0, 0, Suspend, "*",
                suspendMs: 15_000), serialization);
            Assert.Equal(ResponseCode.PullNotFound, response.Code);
            Assert.InRange(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 190, 3000);
        }
    }
}
