using Microsoft.Extensions.Logging;
using RocketMQ.Common.Replication;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Store.Config;

namespace RocketMQ.Broker.Topics;

/// <summary>
/// The topics every RocketMQ broker has (TopicConfigManager's constructor: SELF_TEST_TOPIC, TBW102 when
/// auto-create is on, the cluster and broker-name topics, the schedule and transaction-half topics). Config lives in
/// the replicated log here, so the leader appends the missing ones once it leads (they then exist on every member).
/// </summary>
public sealed class SystemTopics : IBrokerModule
{
    /// <summary>AUTO_CREATE_TOPIC_KEY_TOPIC: the template auto-created topics copy.</summary>
    public const string AutoCreateTopicKey = "TBW102";

    public const string SelfTest = "SELF_TEST_TOPIC";
    public const string Schedule = "SCHEDULE_TOPIC_XXXX";
    public const string TransactionHalf = "RMQ_SYS_TRANS_HALF_TOPIC";
    public const string TransactionOperation = "RMQ_SYS_TRANS_OP_HALF_TOPIC";

    private BrokerContext _context = null!;
    private ILogger _logger = null!;

    public void Register(BrokerContext context, RequestDispatcher dispatcher)
    {
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<SystemTopics>();
    }

    public Task StartAsync(CancellationToken token)
    {
        _context.Log.RoleChanged += OnRoleChanged;
        if (_context.IsLeader)
        {
            _ = EnsureAsync();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        _context.Log.RoleChanged -= OnRoleChanged;
        return Task.CompletedTask;
    }

    /// <summary>The system topics this broker's settings call for.</summary>
    public static IEnumerable<TopicConfig> Expected(BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        yield return new TopicConfig(SelfTest) { ReadQueueNums = 1, WriteQueueNums = 1 };
        if (options.AutoCreateTopicEnable)
        {
            // perm 7: read, write and inherit (a send may create topics from it).
            yield return new TopicConfig(AutoCreateTopicKey)
            {
                ReadQueueNums = options.DefaultTopicQueueNums,
                WriteQueueNums = options.DefaultTopicQueueNums,
                Perm = 7,
            };
        }

        yield return new TopicConfig(options.BrokerClusterName) { ReadQueueNums = 16, WriteQueueNums = 16, Perm = 7 };
        yield return new TopicConfig(options.BrokerName) { ReadQueueNums = 1, WriteQueueNums = 1, Perm = 7 };
        yield return new TopicConfig(Schedule) { ReadQueueNums = 18, WriteQueueNums = 18 };
        yield return new TopicConfig(TransactionHalf) { ReadQueueNums = 1, WriteQueueNums = 1 };
        yield return new TopicConfig(TransactionOperation) { ReadQueueNums = 1, WriteQueueNums = 1 };
    }

    private void OnRoleChanged(ReplicaState state)
    {
        if (state.IsLeader)
        {
            _ = EnsureAsync();
        }
    }

    private async Task EnsureAsync()
    {
        foreach (var topic in Expected(_context.Options))
        {
            if (_context.Store.Config.FindTopic(topic.TopicName) is not null)
            {
                continue;
            }

            var result = await _context.Store.UpdateTopicAsync(topic).ConfigureAwait(false);
            if (!result.IsOk)
            {
                // Lost leadership meanwhile: the next leader does it.
                BrokerLog.SystemTopicNotCreated(_logger, topic.TopicName, result.Remark ?? result.Status.ToString());
                return;
            }
        }

        if (_context.Find<Registration.NameServerRegistration>() is { } registration)
        {
            await registration.RegisterAllAsync("system topics").ConfigureAwait(false);
        }
    }
}
