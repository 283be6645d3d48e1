using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Reading;

namespace RocketMQ.Broker.Admin;

/// <summary>
/// Java's QueryMessageProcessor: QUERY_MESSAGE (12) finds messages by key (KEYS or the client's UNIQ_KEY) within a
/// store-time range through the Index; VIEW_MESSAGE_BY_ID (33) reads the message at a commit-log offset (decoded
/// from an <c>offsetMsgId</c> by the client). Both are reads: every member answers from what it has applied, and an
/// id issued by an earlier leader resolves on every member (architecture decision 4).
/// </summary>
internal sealed class MessageQueryProcessor(BrokerContext context) : IRequestProcessor
{
    /// <summary>MessageStoreConfig.defaultQueryMaxNum: the count a query by client message id asks for.</summary>
    public const int DefaultQueryMaxNum = 32;

    public static int[] Codes => [RequestCode.QueryMessage, RequestCode.ViewMessageById];

    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken) => request.Code == RequestCode.QueryMessage
            ? await QueryAsync(request, cancellationToken).ConfigureAwait(false)
            : await ViewAsync(request, cancellationToken).ConfigureAwait(false);

    private async ValueTask<RemotingCommand> QueryAsync(RemotingCommand request, CancellationToken token)
    {
        var header = request.DecodeHeader<QueryMessageRequestHeader>();

        // As Java: a query by client message id (the UNIQ_KEY flag) asks for defaultQueryMaxNum whatever maxNum says;
        // the store bounds every query by maxMsgsNumBatch.
        var maxNum = header.UniqueKeyQuery ? DefaultQueryMaxNum : header.MaxNum;
        using var result = await context.Store.QueryMessageAsync(header.Topic, header.Key, maxNum,
            header.BeginTimestamp, header.EndTimestamp, token).ConfigureAwait(false);
        var responseHeader = new QueryMessageResponseHeader
        {
            IndexLastUpdateTimestamp = result.IndexLastUpdateTimestamp,
            IndexLastUpdatePhyoffset = result.IndexLastUpdatePhyOffset,
        };
        if (result.Messages.MessageCount == 0)
        {
            // Java answers QUERY_NOT_FOUND with the index header too, so the client can tell how far the index got.
            return RemotingCommand.CreateResponse(request, ResponseCode.QueryNotFound, responseHeader,
                "can not find message, maybe time range not correct");
        }

        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success, responseHeader);

        // The result's buffer is pooled and returned on dispose; the response outlives it.
        response.Body = result.Messages.Messages.ToArray();
        return response;
    }

    private async ValueTask<RemotingCommand> ViewAsync(RemotingCommand request, CancellationToken token)
    {
        var offset = request.DecodeHeader<ViewMessageRequestHeader>().Offset;
        using var result = await context.Store.LookMessageByOffsetAsync(offset, token).ConfigureAwait(false);
        if (result.Status != GetMessageStatus.Found)
        {
            // Java's remark; retention is named when it is the reason.
            var remark = result.Status == GetMessageStatus.MessageWasRemoving
                ? $"can not find message by the offset, {offset}: it was deleted by retention"
                : $"can not find message by the offset, {offset}";
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, remark);
        }

        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = result.Messages.ToArray();
        return response;
    }
}
