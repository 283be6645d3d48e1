using System.Collections.Concurrent;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Consuming.Pull;

internal sealed partial class PullMessageProcessor
{
    /// <summary>Parsed pull expressions kept for reuse (pull consumers send theirs with every pull).</summary>
    private const int MaxParsedSubscriptions = 1024;

    private readonly ConcurrentDictionary<(string Topic, string Expression, string? Type), Subscription> _parsed =
        new();

    /// <summary>
    /// Java's checks in order, with its codes and remarks: the broker readable (NO_PERMISSION); the group known or
    /// created (SUBSCRIPTION_GROUP_NOT_EXIST) and consuming (NO_PERMISSION); the topic known (TOPIC_NOT_EXIST) and
    /// readable (NO_PERMISSION); the queue id within its read queues (SYSTEM_ERROR); the subscription — the pull's
    /// own (SUBSCRIPTION_PARSE_FAILED) or the group's heartbeat (SUBSCRIPTION_NOT_EXIST, NO_PERMISSION for a
    /// broadcasting group that may not, SUBSCRIPTION_NOT_LATEST) — and a tag expression (SQL92 needs
    /// <c>enablePropertyFilter</c>, which this broker lacks: SYSTEM_ERROR).
    /// </summary>
    private async ValueTask<CheckResult> CheckAsync(RemotingCommand request, PullMessageRequestHeader header)
    {
        var options = context.Options;
        if ((options.BrokerPermission & (int)Permission.Read) == 0)
        {
            return Fail(ResponseCode.NoPermission, $"the broker[{options.BrokerIP1}] pulling message is forbidden");
        }

        var group = await groups.FindOrCreateAsync(header.ConsumerGroup).ConfigureAwait(false);
        if (group is null)
        {
            return Fail(ResponseCode.SubscriptionGroupNotExist,
                $"subscription group [{header.ConsumerGroup}] does not exist");
        }

        if (!group.ConsumeEnable)
        {
            return Fail(ResponseCode.NoPermission, "subscription group no permission, " + header.ConsumerGroup);
        }

        var topic = context.Store.Config.FindTopic(header.Topic);
        if (topic is null)
        {
            return Fail(ResponseCode.TopicNotExist, $"topic[{header.Topic}] not exist, apply first please!");
        }

        if ((topic.Perm & (int)Permission.Read) == 0)
        {
            return Fail(ResponseCode.NoPermission, $"the topic[{header.Topic}] pulling message is forbidden");
        }

        if (header.QueueId < 0 || header.QueueId >= topic.ReadQueueNums)
        {
            return Fail(ResponseCode.SystemError, $"queueId[{header.QueueId}] is illegal, topic:[{header.Topic}] " +
                $"topicConfig.readQueueNums:[{topic.ReadQueueNums}]");
        }

        var subscription = FindSubscription(request, header, group, out var failure);
        if (failure is not null)
        {
            return failure.Value;
        }

        return !subscription!.IsTagType
            ? Fail(ResponseCode.SystemError,
                "The broker does not support consumer to filter message by " + subscription.Data.ExpressionType)
            : new CheckResult(null, group, subscription);

        CheckResult Fail(int code, string remark) => new(Responses.Error(request, code, remark), null, null);
    }

    private Subscription? FindSubscription(RemotingCommand request, PullMessageRequestHeader header,
        Store.Config.SubscriptionGroupConfig group, out CheckResult? failure)
    {
        failure = null;
        if ((header.SysFlag & PullSysFlag.Subscription) != 0)
        {
            var key = (header.Topic, header.Subscription ?? "", header.ExpressionType);
            if (_parsed.TryGetValue(key, out var cached))
            {
                return cached;
            }

            if (!Subscription.TryParse(header.Topic, header.Subscription, header.ExpressionType, out var parsed, out _))
            {
                failure = Fail(ResponseCode.SubscriptionParseFailed, "parse the consumer's subscription failed");
                return null;
            }

            if (_parsed.Count >= MaxParsedSubscriptions)
            {
                _parsed.Clear();
            }

            _parsed[key] = parsed!;
            return parsed;
        }

        var online = consumers.Find(header.ConsumerGroup);
        if (online is null)
        {
            failure = Fail(ResponseCode.SubscriptionNotExist, "the consumer's group info not exist");
            return null;
        }

        if (!group.ConsumeBroadcastEnable && online.IsBroadcasting)
        {
            failure = Fail(ResponseCode.NoPermission,
                $"the consumer group[{header.ConsumerGroup}] can not consume by broadcast way");
            return null;
        }

        var subscription = online.FindSubscription(header.Topic);
        if (subscription is null)
        {
            failure = Fail(ResponseCode.SubscriptionNotExist, "the consumer's subscription not exist");
            return null;
        }

        if (subscription.Data.SubVersion < header.SubVersion)
        {
            failure = Fail(ResponseCode.SubscriptionNotLatest, "the consumer's subscription not latest");
            return null;
        }

        return subscription;

        CheckResult Fail(int code, string remark) => new(Responses.Error(request, code, remark), null, null);
    }
}
