using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Consuming.Offsets;

/// <summary>
/// Queue bounds, as RocketMQ's AdminBrokerProcessor answers them (always SUCCESS; an unknown queue reads as empty):
/// SEARCH_OFFSET_BY_TIMESTAMP (29) — the first offset stored at or after the time —, GET_MAX_OFFSET (30),
/// GET_MIN_OFFSET (31) and GET_EARLIEST_MSG_STORETIME (32, -1 when the queue has no readable message). Served by
/// every replica from what it has applied.
/// </summary>
internal sealed class QueueOffsetProcessor(BrokerContext context) : IRequestProcessor
{
    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken)
    {
        var header = request.DecodeHeader<QueueRequestHeader>();
        var store = context.Store;
        switch (request.Code)
        {
            case RequestCode.GetMaxOffset:
                return Offset(request, store.GetMaxOffsetInQueue(header.Topic, header.QueueId));
            case RequestCode.GetMinOffset:
                return Offset(request, store.GetMinOffsetInQueue(header.Topic, header.QueueId));
            case RequestCode.SearchOffsetByTimestamp:
                var timestamp = header.Timestamp ?? throw RemotingCommandException.MissingField("timestamp");
                return Offset(request, await store.GetOffsetInQueueByTimeAsync(header.Topic, header.QueueId,
                    timestamp, cancellationToken).ConfigureAwait(false));
            default:
                var earliest = await store.GetEarliestMessageTimeAsync(header.Topic, header.QueueId,
                    cancellationToken).ConfigureAwait(false);
                return Responses.Success(request, new TimestampResponseHeader { Timestamp = earliest });
        }
    }

    private static RemotingCommand Offset(RemotingCommand request, long offset) =>
        Responses.Success(request, new OffsetResponseHeader { Offset = offset });
}
