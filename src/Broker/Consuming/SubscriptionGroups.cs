using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Registration;
using RocketMQ.Common.Protocol;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;

namespace RocketMQ.Broker.Consuming;

/// <summary>
/// Finds consumer groups' configs, creating unknown ones on first use as RocketMQ's
/// <c>SubscriptionGroupManager.findSubscriptionGroupConfig</c> does (when <c>autoCreateSubscriptionGroup</c> is on,
/// or for system groups), and creates a group's <c>%RETRY%</c> topic on heartbeat as
/// <c>createTopicInSendMessageBackMethod</c> does. Configs live in the replicated log, so only the leader creates;
/// a follower answers with the defaults, unsaved, as a RocketMQ slave keeps its auto-created groups in memory.
/// </summary>
/// <remarks>Thread-safe; concurrent first uses of one name share one log append.</remarks>
internal sealed class SubscriptionGroups(BrokerContext context, ILogger logger)
{
    /// <summary>RocketMQ's <c>MixAll.RETRY_GROUP_TOPIC_PREFIX</c>.</summary>
    public const string RetryTopicPrefix = "%RETRY%";

    /// <summary>RocketMQ's <c>MixAll.CID_RMQ_SYS_PREFIX</c>: system groups are created even without auto-create.
    /// </summary>
    private const string SystemGroupPrefix = "CID_RMQ_SYS_";

    /// <summary>Java clients' longest group name (<c>Validators.CHARACTER_MAX_LENGTH</c>).</summary>
    private const int MaxGroupLength = 255;

    private readonly ConcurrentDictionary<string, Task<SubscriptionGroupConfig?>> _creatingGroups =
        new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Task> _creatingTopics = new(StringComparer.Ordinal);

    /// <summary>
    /// The group's config; an unknown group is created when allowed (leader) or answered with the defaults
    /// (follower). Null when the group does not exist and may not be created (SUBSCRIPTION_GROUP_NOT_EXIST).
    /// </summary>
    public ValueTask<SubscriptionGroupConfig?> FindOrCreateAsync(string group)
    {
        if (context.Store.Config.FindGroup(group) is { } config)
        {
            return ValueTask.FromResult<SubscriptionGroupConfig?>(config);
        }

        var mayCreate = context.Options.AutoCreateSubscriptionGroup
            || group.StartsWith(SystemGroupPrefix, StringComparison.Ordinal);
        if (!mayCreate || !IsValidGroupName(group))
        {
            return ValueTask.FromResult<SubscriptionGroupConfig?>(null);
        }

        if (!context.IsLeader)
        {
            return ValueTask.FromResult<SubscriptionGroupConfig?>(new SubscriptionGroupConfig(group));
        }

        return new ValueTask<SubscriptionGroupConfig?>(
            _creatingGroups.GetOrAdd(group, static (name, self) => self.CreateGroupAsync(name), this));
    }

    /// <summary>Creates <c>%RETRY%group</c> if missing (leader only; a follower leaves it to the leader).</summary>
    public Task EnsureRetryTopicAsync(SubscriptionGroupConfig group, bool unitMode)
    {
        ArgumentNullException.ThrowIfNull(group);
        var topic = RetryTopicPrefix + group.GroupName;
        if (!context.IsLeader || context.Store.Config.FindTopic(topic) is not null || !TopicName.IsValid(topic))
        {
            return Task.CompletedTask;
        }

        return _creatingTopics.GetOrAdd(topic, static (name, state) =>
            state.Self.CreateRetryTopicAsync(name, state.Group, state.UnitMode), (Self: this, Group: group,
            UnitMode: unitMode));
    }

    /// <summary>
    /// Whether <paramref name="group"/> can be stored: 1..255 characters, no control characters, well-formed
    /// Unicode. Looser than Java clients' own check (<c>[%|a-zA-Z0-9_-]</c>, which the Java broker never repeats), so
    /// other clients' groups work, yet always within what the replicated config accepts.
    /// </summary>
    public static bool IsValidGroupName(string group)
    {
        if (string.IsNullOrEmpty(group) || group.Length > MaxGroupLength)
        {
            return false;
        }

        for (var i = 0; i < group.Length; i++)
        {
            var c = group[i];
            if (char.IsControl(c) || (char.IsSurrogate(c)
                    && !(char.IsHighSurrogate(c) && i + 1 < group.Length && char.IsLowSurrogate(group[++i]))))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<SubscriptionGroupConfig?> CreateGroupAsync(string group)
    {
        // Never complete inside GetOrAdd: the entry must be in the table before the finally removes it.
        await Task.Yield();
        try
        {
            var created = new SubscriptionGroupConfig(group);
            var result = await context.Store.UpdateSubscriptionGroupAsync(created).ConfigureAwait(false);
            if (result.IsOk)
            {
                ConsumeLog.GroupCreated(logger, group);
                return context.Store.Config.FindGroup(group) ?? created;
            }

            // Lost leadership or the log refused: serve with the defaults now; the next use tries again.
            ConsumeLog.GroupNotCreated(logger, group, result.Remark ?? result.Status.ToString());
            return created;
        }
        finally
        {
            _creatingGroups.TryRemove(group, out _);
        }
    }

    private async Task CreateRetryTopicAsync(string topic, SubscriptionGroupConfig group, bool unitMode)
    {
        await Task.Yield();
        try
        {
            var config = new TopicConfig(topic)
            {
                ReadQueueNums = group.RetryQueueNums,
                WriteQueueNums = group.RetryQueueNums,
                Perm = (int)Permission.ReadWrite,

                // TopicSysFlag.buildSysFlag(false, true): a unit-mode consumer's retry topic is a unit subscription.
                TopicSysFlag = unitMode ? 2 : 0,
            };
            var result = await context.Store.UpdateTopicAsync(config).ConfigureAwait(false);
            if (!result.IsOk)
            {
                ConsumeLog.RetryTopicNotCreated(logger, topic, result.Remark ?? result.Status.ToString());
                return;
            }

            // Routes learn of the topic at once, as Java registers after creating it; the heartbeat does not wait
            // for the name servers.
            if (context.Find<NameServerRegistration>() is { } registration)
            {
                _ = registration.RegisterAllAsync("retry topic " + topic);
            }
        }
        finally
        {
            _creatingTopics.TryRemove(topic, out _);
        }
    }
}
