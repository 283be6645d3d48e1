using RocketMQ.Broker.Topics;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;

namespace RocketMQ.Broker.Sending;

/// <summary>One message: SendMessageProcessor.asyncSendMessage.</summary>
internal sealed partial class SendMessageProcessor
{
    private async ValueTask<RemotingCommand> SendOneAsync(RemotingCommand request, IRemotingChannel channel,
        SendMessageRequestHeader header, TopicConfig topic, int queueId, CancellationToken token)
    {
        var properties = header.Properties;

        // A transaction half needs the transaction service (half topic, END_TRANSACTION, checks), which this broker
        // does not run yet: refuse it as Java's rejectTransactionMessage does rather than store it where no one
        // would ever commit it.
        if (PropertyEditor.IsTrue(properties, MessagePropertyNames.TransactionPrepared))
        {
            return Respond(request, ResponseCode.NoPermission,
                $"the broker[{_context.Options.BrokerIP1}] sending transaction message is forbidden "
                + "(transactional messages are not supported by this broker)");
        }

        if (!PropertyEditor.TryGetDelayLevel(properties, out var delayLevel))
        {
            return Respond(request, ResponseCode.MessageIllegal,
                $"the {MessagePropertyNames.DelayTimeLevel} property is not a number");
        }

        var destination = header.Topic;
        var destinationQueue = queueId;
        var toDeadLetter = false;
        if (TopicRules.IsRetryTopic(destination))
        {
            var (refusal, deadLetter) = await RetryLimitAsync(request, header, token).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            if (deadLetter is not null)
            {
                (destination, destinationQueue, delayLevel, toDeadLetter) = (deadLetter, 0, 0, true);
            }
        }

        // As Java: WAIT is not stored (it only steers the producer's wait), CLUSTER names the cluster, and a topic
        // with the MULTI_TAG filter type marks its messages. A dead letter is stored at once: its DELAY goes (Java
        // loses that intent and delays dead letters too).
        properties = PropertyEditor.Rewrite(properties, MessagePropertyNames.WaitStoreMessageOk,
            toDeadLetter ? MessagePropertyNames.DelayTimeLevel : null,
            PropertyEditor.Set(MessagePropertyNames.Cluster, _context.Options.BrokerClusterName));
        var message = new MessageToStore
        {
            Topic = destination,
            QueueId = destinationQueue,
            Flag = header.Flag,
            SysFlag = SysFlagFor(header, topic),
            BornTimestamp = header.BornTimestamp,
            BornHost = BornHostOf(channel),
            ReconsumeTimes = header.ReconsumeTimes ?? 0,
            Properties = properties,
            Body = request.Body,
        };
        if (delayLevel > 0 && DelayRouting.MayDelay(message.SysFlag))
        {
            message = DelayRouting.Route(message, delayLevel, _context.Store.Options.DelayLevelMillis.Count);
        }

        var put = _context.Store.PutMessageAsync(message, token);
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

        // As Java: the queue id answered is the one chosen for the requested topic, the offset the stored one's.
        return Respond(request, ResponseCode.Success, null, new SendMessageResponseHeader
        {
            MsgId = OffsetMessageId.Create(_context.Store.Options.StoreHost, result.CommitLogOffset),
            QueueId = queueId,
            QueueOffset = result.QueueOffset,
        });
    }

    /// <summary>
    /// handleRetryAndDLQ: a message re-sent into <c>%RETRY%group</c> needs the group (created when allowed), and once
    /// it was reconsumed as often as the group (or, from client version 3.4.9, the client) allows, it goes to the
    /// group's dead-letter topic instead. Returns a refusal, or the dead-letter topic to use, or neither.
    /// </summary>
    private async ValueTask<(RemotingCommand? Refusal, string? DeadLetterTopic)> RetryLimitAsync(
        RemotingCommand request, SendMessageRequestHeader header, CancellationToken token)
    {
        var group = header.Topic[TopicRules.RetryTopicPrefix.Length..];
        var (config, failure) = await _groups.FindOrCreateAsync(group, token).ConfigureAwait(false);
        if (failure is not null)
        {
            return (Refuse(request, SendResponses.Failure(failure, _context)), null);
        }

        if (config is null)
        {
            return (Respond(request, ResponseCode.SubscriptionGroupNotExist,
                $"subscription group not exist, {group} {SendResponses.FaqHint}"), null);
        }

        var maxReconsumeTimes = request.Version >= MaxReconsumeTimesVersion && header.MaxReconsumeTimes is { } max
            ? max
            : config.RetryMaxTimes;
        var reconsumeTimes = header.ReconsumeTimes ?? 0;
        if (reconsumeTimes < maxReconsumeTimes)
        {
            return (null, null);
        }

        var deadLetter = TopicRules.DlqTopic(group);
        var lookup = await _topics.GetOrCreateForSendBackAsync(deadLetter, 1, (int)Permission.ReadWrite, 0, token)
            .ConfigureAwait(false);
        if (lookup.Config is null)
        {
            return (lookup.Failure is { } refused
                ? Refuse(request, SendResponses.Failure(refused, _context))
                : Respond(request, ResponseCode.SystemError, $"topic[{deadLetter}] not exist"), null);
        }

        SendLog.MovedToDeadLetter(_logger, group, deadLetter, reconsumeTimes);
        return (null, deadLetter);
    }

    private static int SysFlagFor(SendMessageRequestHeader header, TopicConfig topic) =>
        topic.TopicFilterType == TopicFilterType.MultiTag
            ? header.SysFlag | StoredMessageLayout.MultiTagsFlag
            : header.SysFlag;
}
