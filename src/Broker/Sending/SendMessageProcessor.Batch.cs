using System.Text;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;

namespace RocketMQ.Broker.Sending;

/// <summary>A batch: SendMessageProcessor.asyncSendBatchMessage with CommitLog's batch rules.</summary>
internal sealed partial class SendMessageProcessor
{
    private async ValueTask<RemotingCommand> SendBatchAsync(RemotingCommand request, IRemotingChannel channel,
        SendMessageRequestHeader header, TopicConfig topic, int queueId, CancellationToken token)
    {
        // CommitLog.asyncPutMessages refuses transactional and delayed batches (MESSAGE_ILLEGAL), and the encoder a
        // batch whose body exceeds maxMessageSize.
        if ((header.SysFlag & StoredMessageLayout.TransactionMask) != StoredMessageLayout.TransactionNotType)
        {
            return Respond(request, ResponseCode.MessageIllegal, "a batch cannot hold transactional messages");
        }

        if (!PropertyEditor.TryGetDelayLevel(header.Properties, out var delayLevel) || delayLevel > 0)
        {
            return Respond(request, ResponseCode.MessageIllegal, "a batch cannot hold delayed messages");
        }

        var maxMessageSize = _context.Store.Options.MaxMessageSize;
        if (request.Body.Length > maxMessageSize)
        {
            return Respond(request, ResponseCode.MessageIllegal,
                $"the batch body is {request.Body.Length} bytes, above maxMessageSize {maxMessageSize}");
        }

        var items = new List<BatchItem>();
        if (BatchBodyDecoder.TryDecode(request.Body, items) is { } malformed)
        {
            return Respond(request, ResponseCode.MessageIllegal, $"the batch body is malformed: {malformed}");
        }

        var messages = BuildBatch(header, topic, queueId, BornHostOf(channel), items);
        var put = _context.Store.PutMessagesAsync(messages, token);
        if (AnswerBeforeCommit(request, header.Topic, queueId, put) is { } early)
        {
            return early;
        }

        var result = await put.ConfigureAwait(false);
        if (!result.IsOk)
        {
            var failure = SendResponses.Failure(result, _context);
            SendLog.SendRefused(_logger, header.Topic, channel.RemoteAddress, failure.Code, failure.Remark);
            return Refuse(request, failure);
        }

        return Respond(request, ResponseCode.Success, null, new SendMessageResponseHeader
        {
            MsgId = BatchMessageIds(result.CommitLogOffsets ?? [result.CommitLogOffset]),
            QueueId = queueId,
            QueueOffset = result.QueueOffset,
        });
    }

    private MessageToStore[] BuildBatch(SendMessageRequestHeader header, TopicConfig topic, int queueId,
        System.Net.IPEndPoint bornHost, List<BatchItem> items)
    {
        // As CommitLog's batch encoder: each message keeps its own properties and gets the batch's (the header's,
        // plus CLUSTER) appended, with a separator between when its own do not end with one.
        var shared = PropertyEditor.Rewrite(header.Properties, null, null,
            PropertyEditor.Set(MessagePropertyNames.Cluster, _context.Options.BrokerClusterName));
        var sysFlag = SysFlagFor(header, topic);
        var messages = new MessageToStore[items.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            var item = items[i];
            messages[i] = new MessageToStore
            {
                Topic = header.Topic,
                QueueId = queueId,
                Flag = item.Flag,
                SysFlag = sysFlag,
                BornTimestamp = header.BornTimestamp,
                BornHost = bornHost,
                ReconsumeTimes = header.ReconsumeTimes ?? 0,
                Properties = Combine(item.Properties, shared),
                Body = item.Body,
            };
        }

        return messages;
    }

    private static string Combine(string? own, string shared)
    {
        if (string.IsNullOrEmpty(own))
        {
            return shared;
        }

        return shared.Length > 0 && own[^1] != MessageProperties.PropertySeparator
            ? string.Concat(own, "\u0002", shared)
            : string.Concat(own, shared);
    }

    /// <summary>Every message's offsetMsgId joined with ',' (the batch's AppendMessageResult.msgId).</summary>
    private string BatchMessageIds(long[] commitLogOffsets)
    {
        var storeHost = _context.Store.Options.StoreHost;
        var builder = new StringBuilder(commitLogOffsets.Length * 33);
        foreach (var offset in commitLogOffsets)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(OffsetMessageId.Create(storeHost, offset));
        }

        return builder.ToString();
    }
}
