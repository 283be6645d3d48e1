using RocketMQ.Broker.Topics;

namespace RocketMQ.Broker.Tests;

public sealed class BrokerStartupTests
{
    [Fact]
    public async Task A_one_member_broker_leads_and_creates_the_system_topics()
    {
        await using var broker = await BrokerHarness.StartAsync();
        Assert.True(broker.Context.IsLeader);
        Assert.Equal(0, broker.Context.CurrentBrokerId);
        foreach (var topic in SystemTopics.Expected(broker.Options))
        {
            await WaitUntilAsync(() => broker.Context.Store.Config.FindTopic(topic.TopicName) is not null);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
