using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Topics;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Config;

namespace RocketMQ.Broker.Sending;

/// <summary>
/// SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320), as RocketMQ 4.9.8's
/// <c>SendMessageProcessor</c> with <c>AbstractSendMessageProcessor.msgCheck</c>: leader and permission checks, topic
/// rules, auto-creation, queue choice, retry-topic limits (to the dead-letter topic), delayed messages (to the
/// schedule topic), then one put through the replicated log and RocketMQ's response codes.
/// </summary>
/// <remarks>Thread-safe; requests are processed concurrently.</remarks>
internal sealed partial class SendMessageProcessor : IRequestProcessor
{
    /// <summary>MQVersion.Version.V3_4_9's ordinal (121 in the 4.9.8 enum; ali-ons stamps it): from it on a client's
    /// maxReconsumeTimes overrides the group's retryMaxTimes.</summary>
    internal const int MaxReconsumeTimesVersion = 121;

    private readonly BrokerContext _context;
    private readonly TopicService _topics;
    private readonly GroupLookup _groups;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<IRemotingChannel, IPEndPoint> _bornHosts = [];

    public SendMessageProcessor(BrokerContext context, TopicService topics, GroupLookup groups, Random random)
    {
        _context = context;
        _topics = topics;
        _groups = groups;
        _random = random;
        _logger = context.LoggerFactory.CreateLogger<SendMessageProcessor>();
    }

    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken)
    {
        var header = request.Code == RequestCode.SendMessage
            ? request.DecodeHeader<SendMessageRequestHeader>()
            : request.DecodeHeader<SendMessageRequestHeaderV2>().Header;

        // Java dispatches on the header's batch flag; SEND_BATCH_MESSAGE always carries a batch body, so the code
        // counts too (a 320 without m=true would otherwise store the encoded batch as one body).
        var batch = header.Batch || request.Code == RequestCode.SendBatchMessage;
        var (refusal, topic) = await CheckAsync(request, channel, header, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            SendLog.SendRefused(_logger, header.Topic, channel.RemoteAddress, refusal.Code, refusal.Remark);
            return refusal;
        }

        var queueId = header.QueueId < 0 ? RandomQueue(topic!.WriteQueueNums) : header.QueueId;
        return batch
            ? await SendBatchAsync(request, channel, header, topic!, queueId, cancellationToken).ConfigureAwait(false)
            : await SendOneAsync(request, channel, header, topic!, queueId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A send's response: every one, success or not, carries MSG_REGION and TRACE_ON as RocketMQ's preSend adds them
    /// (the broker's default region and trace switch).
    /// </summary>
    internal static RemotingCommand Respond(RemotingCommand request, int code, string? remark,
        SendMessageResponseHeader? header = null)
    {
        var response = header is null
            ? RemotingCommand.CreateResponse(request, code, remark)
            : RemotingCommand.CreateResponse(request, code, header, remark);
        response.SetExtField("MSG_REGION", "DefaultRegion");
        response.SetExtField("TRACE_ON", "true");
        return response;
    }

    private async ValueTask<(RemotingCommand? Refusal, TopicConfig? Topic)> CheckAsync(RemotingCommand request,
        IRemotingChannel channel, SendMessageRequestHeader header, CancellationToken token)
    {
        // Only the leader writes (architecture decision 7); the producer retries elsewhere after a route refresh.
        if (!_context.IsLeader)
        {
            return (Respond(request, ResponseCode.ServiceNotAvailable,
                SendResponses.NotLeaderRemark(_context.Log.State)), null);
        }

        // Stricter than 4.9.8, which refuses only order topics here: a broker without write permission takes no sends.
        if (!TopicRules.IsWriteable(_context.Options.BrokerPermission))
        {
            return (Respond(request, ResponseCode.NoPermission,
                $"the broker[{_context.Options.BrokerIP1}] sending message is forbidden"), null);
        }

        var name = header.Topic;
        if (TopicRules.Validate(name) is { } invalid)
        {
            return (Respond(request, ResponseCode.SystemError, invalid), null);
        }

        if (TopicRules.IsNotAllowedSend(name))
        {
            return (Respond(request, ResponseCode.NoPermission, $"Sending message to topic[{name}] is forbidden."),
                null);
        }

        var (refusal, topic) = await FindTopicAsync(request, channel, header, token).ConfigureAwait(false);
        if (refusal is not null)
        {
            return (refusal, null);
        }

        // Java accepts ids below the larger of the read and write queue counts.
        if (header.QueueId >= Math.Max(topic!.WriteQueueNums, topic.ReadQueueNums))
        {
            return (Respond(request, ResponseCode.SystemError,
                $"request queueId[{header.QueueId}] is illegal, topic {name} has {topic.WriteQueueNums} write and "
                + $"{topic.ReadQueueNums} read queues, Producer: {channel.RemoteAddress}"), null);
        }

        // Stricter than 4.9.8 (which leaves this to the route the producer sees): a read-only topic takes no sends.
        if (!TopicRules.IsWriteable(topic.Perm))
        {
            return (Respond(request, ResponseCode.NoPermission, $"the topic[{name}] sending message is forbidden"),
                null);
        }

        if (header.QueueId < 0 && topic.WriteQueueNums <= 0)
        {
            return (Respond(request, ResponseCode.SystemError, $"topic {name} has no write queue"), null);
        }

        return (null, topic);
    }

    private async ValueTask<(RemotingCommand? Refusal, TopicConfig? Topic)> FindTopicAsync(RemotingCommand request,
        IRemotingChannel channel, SendMessageRequestHeader header, CancellationToken token)
    {
        var name = header.Topic;
        if (_topics.Find(name) is { } existing)
        {
            return (null, existing);
        }

        // TopicSysFlag.buildSysFlag: unit-mode producers mark the topic as a unit topic, or a retry topic as having
        // unit subscriptions.
        var retry = TopicRules.IsRetryTopic(name);
        var sysFlag = header.UnitMode ? (retry ? 2 : 1) : 0;
        var lookup = await _topics.GetOrCreateForSendAsync(name, header.DefaultTopic, header.DefaultTopicQueueNums,
            sysFlag, channel.RemoteAddress, token).ConfigureAwait(false);
        if (lookup.Status == TopicLookupStatus.NotExist && retry)
        {
            // A consumer re-sending into its retry topic may create it (one queue, read and write), as Java does.
            lookup = await _topics.GetOrCreateForSendBackAsync(name, 1, (int)Permission.ReadWrite, sysFlag, token)
                .ConfigureAwait(false);
        }

        return lookup.Status switch
        {
            TopicLookupStatus.Found or TopicLookupStatus.Created => (null, lookup.Config),
            TopicLookupStatus.Failed => (Refuse(request, SendResponses.Failure(lookup.Failure!, _context)), null),
            _ => (Respond(request, ResponseCode.TopicNotExist,
                $"topic[{name}] not exist, apply first please!{SendResponses.FaqHint}"), null),
        };
    }

    private static RemotingCommand Refuse(RemotingCommand request, (int Code, string Remark) failure) =>
        Respond(request, failure.Code, failure.Remark);

    private int RandomQueue(int writeQueueNums)
    {
        // ThreadLocalRandom.nextInt(99999999) % writeQueueNums, as Java picks; the generator is injectable (seeded
        // in tests) and not thread-safe, hence the lock.
        lock (_random)
        {
            return _random.Next(99_999_999) % writeQueueNums;
        }
    }

    /// <summary>The producer's address as stored in BORNHOST: the connection's peer, IPv4 when it is one.</summary>
    private IPEndPoint BornHostOf(IRemotingChannel channel) =>
        _bornHosts.GetValue(channel, static c =>
        {
            if (!IPEndPoint.TryParse(c.RemoteAddress, out var endPoint))
            {
                return new IPEndPoint(IPAddress.Any, 0);
            }

            return endPoint.Address.IsIPv4MappedToIPv6
                ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port)
                : endPoint;
        });
}
