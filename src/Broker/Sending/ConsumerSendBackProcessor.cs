using System.Globalization;
using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Topics;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Config;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;

namespace RocketMQ.Broker.Sending;

/// <summary>
/// CONSUMER_SEND_MSG_BACK (36), as RocketMQ 4.9.8's <c>SendMessageProcessor.asyncConsumerSendMsgBack</c>: a consumer
/// that failed to consume a message hands back its commit-log offset; the broker re-stores the message for the
/// group's retry topic <c>%RETRY%group</c> behind delay level 3 + reconsume times (or the level asked for), and once
/// the group's (or the client's) retry limit is reached, or the consumer asks with a negative level, in the group's
/// dead-letter topic <c>%DLQ%group</c>.
/// </summary>
internal sealed class ConsumerSendBackProcessor(BrokerContext context, TopicService topics, GroupLookup groups,
    Random random) : IRequestProcessor
{
    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<ConsumerSendBackProcessor>();

    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken)
    {
        var header = request.DecodeHeader<ConsumerSendMsgBackRequestHeader>();
        if (!context.IsLeader)
        {
            return SendResponses.NotLeader(request, context);
        }

        var (group, failure) = await groups.FindOrCreateAsync(header.Group, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return Refuse(request, SendResponses.Failure(failure, context));
        }

        if (group is null)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SubscriptionGroupNotExist,
                $"subscription group not exist, {header.Group} {SendResponses.FaqHint}");
        }

        if (!TopicRules.IsWriteable(context.Options.BrokerPermission))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.NoPermission,
                $"the broker[{context.Options.BrokerIP1}] sending message is forbidden");
        }

        // A group without retry queues drops failed messages (Java answers SUCCESS).
        if (group.RetryQueueNums <= 0)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.Success);
        }

        var retryTopic = TopicRules.RetryTopic(header.Group);
        var lookup = await topics.GetOrCreateForSendBackAsync(retryTopic, group.RetryQueueNums,
            (int)Permission.ReadWrite, header.UnitMode ? 2 : 0, cancellationToken).ConfigureAwait(false);
        if (lookup.Config is null)
        {
            return lookup.Failure is { } refused
                ? Refuse(request, SendResponses.Failure(refused, context))
                : RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"topic[{retryTopic}] not exist");
        }

        if (!TopicRules.IsWriteable(lookup.Config.Perm))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.NoPermission,
                $"the topic[{retryTopic}] sending message is forbidden");
        }

        using var original = await context.Store.LookMessageByOffsetAsync(header.Offset, cancellationToken)
            .ConfigureAwait(false);
        if (original.Status != GetMessageStatus.Found
            || !StoredMessage.TryRead(original.Messages.Span, out _))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError,
                $"look message by offset failed, {header.Offset}");
        }

        return await ResendAsync(request, header, group, lookup.Config, original, cancellationToken)
            .ConfigureAwait(false);
    }

    private async ValueTask<RemotingCommand> ResendAsync(RemotingCommand request,
        ConsumerSendMsgBackRequestHeader header, SubscriptionGroupConfig group, TopicConfig retryTopic,
        GetMessageResult original, CancellationToken token)
    {
        var reconsumeTimes = ReconsumeTimesOf(original);
        var maxReconsumeTimes = request.Version >= SendMessageProcessor.MaxReconsumeTimesVersion
            && header.MaxReconsumeTimes is { } max ? max : group.RetryMaxTimes;
        var deadLetter = reconsumeTimes >= maxReconsumeTimes || header.DelayLevel < 0;
        var destination = retryTopic.TopicName;
        int queueId, delayLevel;
        if (deadLetter)
        {
            destination = TopicRules.DlqTopic(header.Group);
            var lookup = await topics.GetOrCreateForSendBackAsync(destination, 1, (int)Permission.ReadWrite, 0, token)
                .ConfigureAwait(false);
            if (lookup.Config is null)
            {
                return lookup.Failure is { } refused
                    ? Refuse(request, SendResponses.Failure(refused, context))
                    : RemotingCommand.CreateResponse(request, ResponseCode.SystemError,
                        $"topic[{destination}] not exist");
            }

            (queueId, delayLevel) = (0, 0);
            SendLog.MovedToDeadLetter(_logger, header.Group, destination, reconsumeTimes);
        }
        else
        {
            queueId = RandomQueue(group.RetryQueueNums);
            delayLevel = header.DelayLevel == 0 ? 3 + reconsumeTimes : header.DelayLevel;
        }

        var message = Rebuild(original, destination, queueId, delayLevel);
        if (delayLevel > 0 && DelayRouting.MayDelay(message.SysFlag))
        {
            message = DelayRouting.Route(message, delayLevel, context.Store.Options.DelayLevelMillis.Count);
        }

        var result = await context.Store.PutMessageAsync(message, token).ConfigureAwait(false);
        return result.IsOk
            ? RemotingCommand.CreateResponse(request, ResponseCode.Success)
            : Refuse(request, SendResponses.Failure(result, context));
    }

    /// <summary>
    /// The message to store: the original's body, flag, sysFlag, born time and host, reconsume times + 1, and its
    /// properties with RETRY_TOPIC (the original topic, unless already set), ORIGIN_MESSAGE_ID (the original's
    /// offsetMsgId, unless already set), WAIT=false and DELAY (0 for a dead letter), as Java sets them.
    /// </summary>
    private static MessageToStore Rebuild(GetMessageResult original, string destination, int queueId,
        int delayLevel)
    {
        var bytes = original.Messages[..original.Slots[0].Size];
        var commitLogOffset = original.Slots[0].CommitLogOffset;
        StoredMessage.TryRead(bytes.Span, out var stored);
        var properties = System.Text.Encoding.UTF8.GetString(stored.Properties);
        var originalTopic = System.Text.Encoding.UTF8.GetString(stored.Topic);
        var retryTopic = PropertyEditor.Get(properties, MessagePropertyNames.RetryTopic);
        var originId = PropertyEditor.Get(properties, MessagePropertyNames.OriginMessageId);
        properties = PropertyEditor.Rewrite(properties, null, null,
            PropertyEditor.Set(MessagePropertyNames.RetryTopic,
                string.IsNullOrEmpty(retryTopic) ? originalTopic : retryTopic),
            PropertyEditor.Set(MessagePropertyNames.WaitStoreMessageOk, "false"),
            PropertyEditor.Set(MessagePropertyNames.DelayTimeLevel, delayLevel.ToString(CultureInfo.InvariantCulture)),
            PropertyEditor.Set(MessagePropertyNames.OriginMessageId, string.IsNullOrWhiteSpace(originId)
                ? OffsetMessageId.Create(StoredHosts.Read(stored.StoreHost), commitLogOffset)
                : originId));
        var bodyStart = StoredMessageLayout.BodyLengthOffset(stored.SysFlag) + sizeof(int);
        return new MessageToStore
        {
            Topic = destination,
            QueueId = queueId,
            Flag = stored.Flag,
            SysFlag = stored.SysFlag & ~(StoredMessageLayout.BornHostV6Flag | StoredMessageLayout.StoreHostV6Flag),
            BornTimestamp = stored.BornTimestamp,
            BornHost = StoredHosts.Read(stored.BornHost),
            ReconsumeTimes = stored.ReconsumeTimes + 1,
            Properties = properties,
            Body = bytes.Slice(bodyStart, stored.Body.Length),
        };
    }

    private static int ReconsumeTimesOf(GetMessageResult original)
    {
        StoredMessage.TryRead(original.Messages.Span, out var stored);
        return stored.ReconsumeTimes;
    }

    private int RandomQueue(int queueNums)
    {
        lock (random)
        {
            return random.Next(99_999_999) % queueNums;
        }
    }

    private static RemotingCommand Refuse(RemotingCommand request, (int Code, string Remark) failure) =>
        RemotingCommand.CreateResponse(request, failure.Code, failure.Remark);
}
