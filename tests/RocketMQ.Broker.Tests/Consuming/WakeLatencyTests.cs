using System.Diagnostics;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using Xunit.Abstractions;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>Timing tests run alone: on a small machine, parallel brokers' start-up would be measured too.</summary>
[CollectionDefinition(nameof(TimingCollection), DisableParallelization = true)]
public sealed class TimingCollection;

/// <summary>The long-polling latency requirement: a held pull is answered within 50 ms of a send.</summary>
[Collection(nameof(TimingCollection))]
public sealed class WakeLatencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Suspend = PullSysFlag.Suspend;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private TestBroker _broker = null!;

    private TestBroker Broker => _broker;

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task A_held_pull_is_answered_within_50_ms_of_a_send(SerializeType serialization)
    {
        var (group, topic) = (Requests.Unique("CID"), Requests.Unique("T"));
        await Broker.CreateTopicAsync(topic);
        var latencies = new List<double>();
        for (var round = 0; round < 6; round++)
        {
            var pull = Requests.Pull(group, topic, 0, round, Suspend, "*", suspendMs: 15_000);
            var answer = Broker.InvokeAsync(pull, serialization);
            await Requests.EventuallyAsync(() => Broker.Module.HeldPulls == 1, Deadline, "the pull to be held");

            await Broker.PutAsync(topic, 0, "TagA", "round " + round);
            var sent = Stopwatch.GetTimestamp();
            var response = await answer.WaitAsync(Deadline);
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);

            Assert.Equal(ResponseCode.Success, response.Code);
            Assert.Equal(serialization, response.SerializeType);
            Assert.Equal(pull.Opaque, response.Opaque);
            Assert.Equal([(round, "TagA", "round " + round)], Requests.Messages(response));
            Assert.Equal(round + 1, Requests.PullHeader(response).NextBeginOffset);
        }

        output.WriteLine("wake latencies (ms): " + string.Join(", ", latencies.Select(l => l.ToString("F2"))));

        // The first round warms the path up (JIT); every later one must be well within 50 ms of the put.
        Assert.All(latencies.Skip(1), latency => Assert.True(latency < 50, $"answered {latency:F1} ms after the put"));
    }
}
