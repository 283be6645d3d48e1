using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Reading;

namespace RocketMQ.Broker.Consuming.Offsets;

/// <summary>
/// QUERY_CONSUMER_OFFSET (14) and UPDATE_CONSUMER_OFFSET (15), as RocketMQ's ConsumerManageProcessor, over the
/// <see cref="ConsumerOffsetService"/>.
/// </summary>
/// <remarks>
/// A query for a queue the group never committed follows Java's rule: SUCCESS with offset 0 when the queue's min
/// offset is 0 and its first message is not cold (<c>checkInDiskByConsumeOffset</c>) — an empty queue included —
/// else QUERY_NOT_FOUND (the client then starts where its consumeFromWhere says). ali-ons depends on the 0: it
/// never pulls a queue it got QUERY_NOT_FOUND for. An update with a negative offset or an invalid name is refused
/// with SYSTEM_ERROR (Java stores anything; here the command would be refused by every replica).
/// </remarks>
internal sealed class ConsumerOffsetProcessor(BrokerContext context, ConsumerOffsetService offsets)
    : IRequestProcessor
{
    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken)
    {
        var header = request.DecodeHeader<ConsumerOffsetRequestHeader>();
        return request.Code == RequestCode.UpdateConsumerOffset
            ? Update(request, header)
            : await QueryAsync(request, header, cancellationToken).ConfigureAwait(false);
    }

    private RemotingCommand Update(RemotingCommand request, ConsumerOffsetRequestHeader header)
    {
        var offset = header.CommitOffset ?? throw RemotingCommandException.MissingField("commitOffset");
        if (ConsumerOffsetService.Check(header.ConsumerGroup, header.Topic, header.QueueId, offset) is { } error)
        {
            return Responses.Error(request, ResponseCode.SystemError, error);
        }

        offsets.Commit(header.ConsumerGroup, header.Topic, header.QueueId, offset);
        return Responses.Success(request);
    }

    private async Task<RemotingCommand> QueryAsync(RemotingCommand request, ConsumerOffsetRequestHeader header,
        CancellationToken token)
    {
        var offset = offsets.QueryOffset(header.ConsumerGroup, header.Topic, header.QueueId);
        if (offset >= 0)
        {
            return Responses.Success(request, new OffsetResponseHeader { Offset = offset });
        }

        var store = context.Store;
        if (store.GetMinOffsetInQueue(header.Topic, header.QueueId) <= 0
            && !await IsFirstMessageColdAsync(header.Topic, header.QueueId, token).ConfigureAwait(false))
        {
            return Responses.Success(request, new OffsetResponseHeader { Offset = 0 });
        }

        return Responses.Error(request, ResponseCode.QueryNotFound,
            "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first");
    }

    /// <summary>Java's <c>checkInDiskByConsumeOffset(topic, queueId, 0)</c>: whether the message at offset 0 is far
    /// enough behind the log's end to be on disk only; false when there is no such message.</summary>
    private async Task<bool> IsFirstMessageColdAsync(string topic, int queueId, CancellationToken token)
    {
        if (context.Store.GetMaxOffsetInQueue(topic, queueId) == 0)
        {
            return false;
        }

        using var result = await context.Store.GetMessagesAsync(topic, queueId, 0, 1, token: token)
            .ConfigureAwait(false);
        return result.Status == GetMessageStatus.Found && result.SuggestPullingFromFollower;
    }
}
