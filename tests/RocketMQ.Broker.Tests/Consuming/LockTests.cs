using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RocketMQ.Broker.Consuming.Locking;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>LOCK_BATCH_MQ / UNLOCK_BATCH_MQ and the lock manager's expiry.</summary>
public sealed class LockTests(SharedBroker shared) : IClassFixture<SharedBroker>
{
    private TestBroker Broker => shared.Broker;

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Queues_are_locked_by_one_client_until_it_unlocks_them(SerializeType serialization)
    {
        var group = Requests.Unique("CID");
        Assert.Equal([0, 1], await LockAsync(group, "a@1", 0, 1));
        Assert.Equal([2], await LockAsync(group, "b@1", 1, 2));
        Assert.Equal([0, 1], await LockAsync(group, "a@1", 0, 1));

        // Unlocking another client's queue does nothing; the holder's unlock frees it.
        await UnlockAsync(group, "b@1", 1);
        Assert.Equal([2], await LockAsync(group, "b@1", 1, 2));
        await UnlockAsync(group, "a@1", 1);
        Assert.Equal([1, 2], await LockAsync(group, "b@1", 1, 2));

        async Task<List<int>> LockAsync(string g, string client, params int[] queues)
        {
            var response = await Broker.InvokeAsync(Requests.Lock(RequestCode.LockBatchMq, g, client, "T", queues),
                serialization);
            Assert.Equal(ResponseCode.Success, response.Code);
            var body = RemotingJson.Deserialize(response.Body, ClientJsonContext.Default.LockBatchResponseBody);
            Assert.Contains("lockOKMQSet", System.Text.Encoding.UTF8.GetString(response.Body.Span),
                StringComparison.Ordinal);
            return [.. body.LockOkMqSet.Select(q => q.QueueId).Order()];
        }

        async Task UnlockAsync(string g, string client, params int[] queues)
        {
            var response = await Broker.InvokeAsync(Requests.Lock(RequestCode.UnlockBatchMq, g, client, "T", queues),
                serialization);
            Assert.Equal(ResponseCode.Success, response.Code);
        }
    }

    [Theory]
    [MemberData(nameof(Requests.Serializations), MemberType = typeof(Requests))]
    public async Task Bad_lock_bodies_are_answered_with_system_error(SerializeType serialization)
    {
        var noBody = RemotingCommand.CreateRequest(RequestCode.LockBatchMq);
        var noClient = RemotingCommand.CreateRequest(RequestCode.UnlockBatchMq);
        noClient.Body = "{\"consumerGroup\":\"g\",\"mqSet\":[]}"u8.ToArray();
        foreach (var request in new[] { noBody, noClient })
        {
            var response = await Broker.InvokeAsync(request, serialization);
            Assert.Equal(ResponseCode.SystemError, response.Code);
            Assert.False(string.IsNullOrEmpty(response.Remark));
        }
    }

    [Fact]
    public void A_lock_not_renewed_within_its_live_time_may_be_taken_over()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var locks = new RebalanceLockManager(time, 60_000, NullLogger.Instance);
        var queue = new MessageQueueData { Topic = "T", BrokerName = "b", QueueId = 0 };

        Assert.Single(locks.TryLockBatch("g", [queue], "a"));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(locks.TryLockBatch("g", [queue], "b"));
        Assert.Single(locks.TryLockBatch("g", [queue], "a"));
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.False(locks.IsLocked("g", queue, "a"));
        Assert.Single(locks.TryLockBatch("g", [queue], "b"));
        Assert.True(locks.IsLocked("g", queue, "b"));
    }
}
