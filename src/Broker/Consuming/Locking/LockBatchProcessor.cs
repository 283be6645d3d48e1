using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;

namespace RocketMQ.Broker.Consuming.Locking;

/// <summary>
/// LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42), as RocketMQ's AdminBrokerProcessor: bodies as Java's
/// <c>LockBatchRequestBody</c> / <c>UnlockBatchRequestBody</c>; the lock answer lists the queues the client holds.
/// </summary>
/// <remarks>
/// Differs on purpose: a follower refuses locks (SERVICE_NOT_AVAILABLE naming the leader). An orderly consumer
/// locks at the master only, and a lock granted by a follower would let two clients consume one queue at once;
/// the Java client treats a failed lock as not held and retries at its next rebalance. Unlocking is allowed
/// anywhere (it can only release).
/// </remarks>
internal sealed class LockBatchProcessor(BrokerContext context, RebalanceLockManager locks) : IRequestProcessor
{
    public ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken)
    {
        var body = RemotingJson.Deserialize(request.Body, ClientJsonContext.Default.LockBatchRequestBody);
        if (string.IsNullOrEmpty(body.ConsumerGroup) || string.IsNullOrEmpty(body.ClientId))
        {
            return Responses.Now(Responses.Error(request, ResponseCode.SystemError,
                "the lock request body needs consumerGroup and clientId"));
        }

        if (request.Code == RequestCode.UnlockBatchMq)
        {
            locks.UnlockBatch(body.ConsumerGroup, body.MqSet, body.ClientId);
            return Responses.Now(Responses.Success(request));
        }

        if (!context.IsLeader)
        {
            return Responses.Now(Responses.NotLeader(request, context, "LOCK_BATCH_MQ"));
        }

        var locked = locks.TryLockBatch(body.ConsumerGroup, body.MqSet, body.ClientId);
        var answer = new LockBatchResponseBody { LockOkMqSet = [.. locked] };
        return Responses.Now(Responses.Success(request,
            RemotingJson.Serialize(answer, ClientJsonContext.Default.LockBatchResponseBody)));
    }
}
