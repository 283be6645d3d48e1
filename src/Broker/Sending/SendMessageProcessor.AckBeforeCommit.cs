using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Writing;

namespace RocketMQ.Broker.Sending;

/// <summary>
/// The chaos tests' canary (<c>testOnlyAckBeforeCommit</c>, <see cref="BrokerOptions.TestOnlyAckBeforeCommit"/>):
/// a send answered before the Raft log commits it, so a leader failure loses acknowledged messages and the checker
/// has something it must catch (tigerbeetle's canary, docs/house-style.md).
/// </summary>
internal sealed partial class SendMessageProcessor
{
    /// <summary>What an early SEND_OK says instead of the offsets only a commit assigns.</summary>
    internal const string AckBeforeCommitRemark =
        "testOnlyAckBeforeCommit: acknowledged before the Raft commit; msgId and queueOffset are unknown";

    /// <summary>
    /// The early SEND_OK's msgId (offsetMsgId): clients require the field (Java's @CFNotNull) and an empty value does
    /// not survive the ROCKETMQ serialization, so a word that is plainly no offsetMsgId stands in for the unknown one.
    /// </summary>
    internal const string UnknownMessageId = "UNKNOWN";

    /// <summary>
    /// With the canary on and <paramref name="put"/> still waiting for its commit, SEND_OK at once (queueOffset -1
    /// and msgId <see cref="UnknownMessageId"/>: the state machine assigns both only when it applies the committed
    /// entry) and the put is
    /// left to finish on its own; otherwise null, and the caller awaits <paramref name="put"/> as usual.
    /// </summary>
    /// <remarks>A put already completed (refused by the store's checks, or not the leader) keeps its honest answer:
    /// the canary only skips the wait for the commit. By the time the put is pending, the log's batcher has copied
    /// the messages, so the early answer never refers to bytes that were not handed to the log.</remarks>
    private RemotingCommand? AnswerBeforeCommit(RemotingCommand request, string topic, int queueId,
        ValueTask<PutMessageResult> put)
    {
        if (!_context.Options.TestOnlyAckBeforeCommit || put.IsCompleted)
        {
            return null;
        }

        _ = ObserveUncommittedAsync(put, topic);
        return Respond(request, ResponseCode.Success, AckBeforeCommitRemark, new SendMessageResponseHeader
        {
            MsgId = UnknownMessageId,
            QueueId = queueId,
            QueueOffset = -1,
        });
    }

    /// <summary>Awaits a put nobody else waits for, so its outcome is observed (and logged if it did not commit).
    /// </summary>
    private async Task ObserveUncommittedAsync(ValueTask<PutMessageResult> put, string topic)
    {
        try
        {
            var result = await put.ConfigureAwait(false);
            if (!result.IsOk)
            {
                SendLog.AckedButNotCommitted(_logger, topic, result.Status, result.Remark);
            }
        }
        catch (OperationCanceledException)
        {
            // The request's token ended the wait; the record may still commit, which is all the canary promises.
        }
    }
}
