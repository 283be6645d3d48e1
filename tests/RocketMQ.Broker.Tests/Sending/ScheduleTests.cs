using System.Text;
using Microsoft.Extensions.Time.Testing;
using RocketMQ.Broker.Scheduling;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Tests.Sending;

/// <summary>
/// Delayed delivery with an injected clock: timing per level, order, progress replicated and honoured across a
/// restart and a failover (no loss, no repeat).
/// </summary>
public sealed class ScheduleTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task A_level_3_message_is_delivered_at_10_s_and_not_before(SerializeType serialization)
    {
        var time = new FakeTimeProvider(Start);
        await using var broker = await SendingBroker.StartAsync(time: time);
        await broker.CreateTopicAsync("DelayTopic");
        using var rounds = new RoundRecorder(broker.Schedule);
        var t0 = time.GetUtcNow().ToUnixTimeMilliseconds();

        var armed = rounds.WaitAsync(r => r.Level == 3 && r.NextDueMs == t0 + 10_000);
        var response = await broker.InvokeAsync(SendRequests.Send(RequestCode.SendMessageV2,
            SendRequests.Header("DelayTopic", queueId: 1, properties: SendRequests.Properties("U-D", "TagD",
                ("DELAY", "3"))), Encoding.UTF8.GetBytes("later")), serialization);
        Assert.Equal(ResponseCode.Success, response.Code);
        Assert.Equal(1, response.DecodeHeader<SendMessageResponseHeader>().QueueId);
        await armed;

        time.Advance(TimeSpan.FromMilliseconds(9_999));
        var early = rounds.WaitAsync(r => r.Level == 3 && r.NowMs == t0 + 9_999);
        broker.Schedule.Wake(3);
        Assert.Equal(0, (await early).Delivered);
        Assert.Equal(0, broker.Store.GetMaxOffsetInQueue("DelayTopic", 1));

        var delivery = rounds.WaitAsync(r => r.Level == 3 && r.Delivered == 1);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var round = await delivery;
        Assert.InRange(round.NowMs, t0 + 10_000, t0 + 11_000);

        var delivered = Assert.Single(await SendRequests.ReadQueueAsync(broker.Store, "DelayTopic", 1));
        Assert.Equal("later", delivered.Body);
        Assert.InRange(delivered.StoreTimestamp, t0 + 10_000, t0 + 11_000);
        Assert.False(delivered.Properties.ContainsKey("DELAY"));
        Assert.Equal(("DelayTopic", "1", "U-D", "TagD"), (delivered.Properties["REAL_TOPIC"],
            delivered.Properties["REAL_QID"], delivered.Properties["UNIQ_KEY"], delivered.Properties["TAGS"]));
    }

    [Fact]
    public async Task Levels_deliver_in_order_each_at_its_own_delay()
    {
        var time = new FakeTimeProvider(Start);
        await using var broker = await SendingBroker.StartAsync(time: time);
        await broker.CreateTopicAsync("DelayTopic");
        using var rounds = new RoundRecorder(broker.Schedule);
        var t0 = time.GetUtcNow().ToUnixTimeMilliseconds();
        var armed = rounds.WaitAsync(r => r.Level == 2 && r.NextDueMs == t0 + 5_000);
        foreach (var (body, level) in new[] { ("a", 2), ("b", 1), ("c", 2), ("d", 1) })
        {
            await SendDelayedAsync(broker, body, level);
        }

        await armed;
        var first = rounds.WaitAsync(r => r.Level == 1 && r.Delivered == 2);
        time.Advance(TimeSpan.FromSeconds(1));
        await first;
        Assert.Equal(["b", "d"],
            (await SendRequests.ReadQueueAsync(broker.Store, "DelayTopic", 0)).Select(m => m.Body));

        var second = rounds.WaitAsync(r => r.Level == 2 && r.Delivered == 2);
        time.Advance(TimeSpan.FromSeconds(4));
        await second;
        Assert.Equal(["b", "d", "a", "c"],
            (await SendRequests.ReadQueueAsync(broker.Store, "DelayTopic", 0)).Select(m => m.Body));
    }

    [Fact]
    public async Task Progress_is_replicated_and_a_restart_delivers_nothing_twice()
    {
        var time = new FakeTimeProvider(Start);
        await using var broker = await SendingBroker.StartAsync(time: time);
        await broker.CreateTopicAsync("DelayTopic");
        await DeliverAsync(broker, time, ["a", "b", "c"]);
        await broker.Schedule.FlushNowAsync();
        Assert.Equal(3, broker.Store.Config.QueryOffset(ScheduleMessageService.ProgressGroup, "SCHEDULE_TOPIC_XXXX",
            0));

        // A clean stop replicates the last progress.
        await DeliverAsync(broker, time, ["d"]);
        await broker.RestartAsync();
        Assert.Equal(4, broker.Store.Config.QueryOffset(ScheduleMessageService.ProgressGroup, "SCHEDULE_TOPIC_XXXX",
            0));
        using var rounds = new RoundRecorder(broker.Schedule);
        var settled = rounds.WaitAsync(r => r.Level == 1 && r.NextOffset == 4);
        broker.Schedule.Wake(1);
        await settled;

        Assert.Equal(["a", "b", "c", "d"],
            (await SendRequests.ReadQueueAsync(broker.Store, "DelayTopic", 0)).Select(m => m.Body));
    }

    [Fact]
    public async Task A_failover_resumes_from_the_replicated_progress_without_loss_or_repeat()
    {
        var time = new FakeTimeProvider(Start);

        // Progress is replicated only when the test says so.
        await using var broker = await SendingBroker.StartAsync(o => o.FlushConsumerOffsetInterval = 60_000, time);
        await broker.CreateTopicAsync("DelayTopic");
        await DeliverAsync(broker, time, ["a", "b"]);
        await broker.Schedule.FlushNowAsync();
        await DeliverAsync(broker, time, ["c"]);

        // Stepping down stops the loops without a flush (a follower cannot write): progress 2 is replicated, c is
        // delivered (in doubt for the next leader). Pending: d, due while no one leads.
        await SendDelayedAsync(broker, "d", 1);
        await SwitchLeadershipAsync(broker, leader: false);
        time.Advance(TimeSpan.FromSeconds(2));
        using var rounds = new RoundRecorder(broker.Schedule);
        var settled = rounds.WaitAsync(r => r.Level == 1 && r.NextOffset == 4 && r.NextDueMs < 0);
        await SwitchLeadershipAsync(broker, leader: true);
        await settled;

        Assert.Equal(["a", "b", "c", "d"],
            (await SendRequests.ReadQueueAsync(broker.Store, "DelayTopic", 0)).Select(m => m.Body));
        await broker.Schedule.FlushNowAsync();
        Assert.Equal(4, broker.Store.Config.QueryOffset(ScheduleMessageService.ProgressGroup, "SCHEDULE_TOPIC_XXXX",
            0));
    }

    private static async Task SendDelayedAsync(SendingBroker broker, string body, int level)
    {
        var response = await broker.InvokeAsync(SendRequests.Send(RequestCode.SendMessage,
            SendRequests.Header("DelayTopic", properties: SendRequests.Properties("U-" + body, "T",
                ("DELAY", level.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            Encoding.UTF8.GetBytes(body)), SerializeType.Json);
        Assert.Equal(ResponseCode.Success, response.Code);
    }

    /// <summary>Sends level-1 messages and advances the clock until they are delivered.</summary>
    private static async Task DeliverAsync(SendingBroker broker, FakeTimeProvider time, string[] bodies)
    {
        using var rounds = new RoundRecorder(broker.Schedule);
        var before = broker.Store.GetMaxOffsetInQueue("SCHEDULE_TOPIC_XXXX", 0);
        var armed = rounds.WaitAsync(r => r.Level == 1 && r.NextDueMs > 0 && r.NextOffset == before);
        foreach (var body in bodies)
        {
            await SendDelayedAsync(broker, body, 1);
        }

        await armed;
        var delivered = rounds.WaitAsync(r => r.Level == 1 && r.NextOffset == before + bodies.Length);
        time.Advance(TimeSpan.FromSeconds(1));
        await delivered;
    }

    private static async Task SwitchLeadershipAsync(SendingBroker broker, bool leader)
    {
        var switched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRunning(bool running)
        {
            if (running == leader)
            {
                switched.TrySetResult();
            }
        }

        broker.Schedule.RunningChanged += OnRunning;
        try
        {
            broker.SetLeader(leader);
            await switched.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            broker.Schedule.RunningChanged -= OnRunning;
        }
    }
}
