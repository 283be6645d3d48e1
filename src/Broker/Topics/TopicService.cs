using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Registration;
using RocketMQ.Broker.Sending;
using RocketMQ.Common.Protocol;
using RocketMQ.Store;
using RocketMQ.Store.Config;
using RocketMQ.Store.Writing;

namespace RocketMQ.Broker.Topics;

/// <summary>
/// Finds topics and creates them on demand as RocketMQ's <c>TopicConfigManager</c> does for producers
/// (<c>createTopicInSendMessageMethod</c>: from a template topic with the inherit permission) and for retries and
/// dead letters (<c>createTopicInSendMessageBackMethod</c>). Topics live in the replicated config, so a creation is a
/// log command (leader only); once applied, the broker re-registers with its name servers so routes show the topic.
/// </summary>
/// <remarks>Thread-safe. Concurrent creations of one topic share one log command.</remarks>
public sealed class TopicService
{
    private readonly BrokerContext _context;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task<CommandResult>> _creating = new(StringComparer.Ordinal);

    public TopicService(BrokerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<TopicService>();
    }

    /// <summary>The topic's config as last applied on this replica, or null.</summary>
    public TopicConfig? Find(string topic) => _context.Store.Config.FindTopic(topic);

    /// <summary>
    /// The topic a producer sends to, created when missing from <paramref name="defaultTopic"/>'s settings
    /// (createTopicInSendMessageMethod): the template must exist and carry the inherit permission — TBW102 counts as
    /// not inheritable while <c>autoCreateTopicEnable</c> is off — and the new topic gets
    /// min(<paramref name="clientQueueNums"/>, the template's write queues) read and write queues, the template's
    /// permission without inherit and its filter type.
    /// </summary>
    /// <returns><see cref="TopicLookupStatus.NotExist"/> when no template allows it;
    /// <see cref="TopicLookupStatus.Failed"/> when the log refused the creation (not the leader, …).</returns>
    public async ValueTask<TopicLookup> GetOrCreateForSendAsync(string topic, string defaultTopic, int clientQueueNums,
        int topicSysFlag, string producerAddress, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (Find(topic) is { } existing)
        {
            return TopicLookup.Found(existing);
        }

        var template = string.IsNullOrEmpty(defaultTopic) ? null : Find(defaultTopic);
        if (template is null)
        {
            SendLog.TemplateMissing(_logger, topic, defaultTopic, producerAddress);
            return TopicLookup.NotExist;
        }

        var perm = template.Perm;
        if (defaultTopic == SystemTopics.AutoCreateTopicKey && !_context.Options.AutoCreateTopicEnable)
        {
            perm = (int)Permission.ReadWrite;
        }

        if (!TopicRules.IsInherited(perm))
        {
            SendLog.TemplateNotInheritable(_logger, topic, defaultTopic, perm, producerAddress);
            return TopicLookup.NotExist;
        }

        var queueNums = Math.Max(0, Math.Min(clientQueueNums, template.WriteQueueNums));
        var config = new TopicConfig(topic)
        {
            ReadQueueNums = queueNums,
            WriteQueueNums = queueNums,
            Perm = perm & ~(int)Permission.Inherit,
            TopicSysFlag = topicSysFlag,
            TopicFilterType = template.TopicFilterType,
        };
        return await CreateAsync(config, $"template {defaultTopic}, producer {producerAddress}", token)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// A retry or dead-letter topic, created when missing with the given queues, permission and system flag
    /// (createTopicInSendMessageBackMethod).
    /// </summary>
    public async ValueTask<TopicLookup> GetOrCreateForSendBackAsync(string topic, int queueNums, int perm,
        int topicSysFlag, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (Find(topic) is { } existing)
        {
            return TopicLookup.Found(existing);
        }

        var config = new TopicConfig(topic)
        {
            ReadQueueNums = queueNums,
            WriteQueueNums = queueNums,
            Perm = perm,
            TopicSysFlag = topicSysFlag,
        };
        return await CreateAsync(config, "retry / dead letter", token).ConfigureAwait(false);
    }

    private async ValueTask<TopicLookup> CreateAsync(TopicConfig config, string reason, CancellationToken token)
    {
        // One command per topic however many sends race to create it; later callers see the first one's outcome.
        var ours = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var creation = _creating.GetOrAdd(config.TopicName, ours.Task);
        var appended = false;
        if (creation == ours.Task)
        {
            try
            {
                // A creation that finished between the caller's lookup and here already did the work.
                appended = Find(config.TopicName) is null;
                ours.SetResult(appended ? await AppendAsync(config, token).ConfigureAwait(false) : CommandResult.Ok);
            }
            catch (Exception e)
            {
                ours.TrySetException(e);
                throw;
            }
            finally
            {
                _creating.TryRemove(new KeyValuePair<string, Task<CommandResult>>(config.TopicName, ours.Task));
            }
        }

        var result = await creation.WaitAsync(token).ConfigureAwait(false);
        if (!result.IsOk)
        {
            SendLog.TopicNotCreated(_logger, config.TopicName, result.Status, result.Remark);
            return Find(config.TopicName) is { } raced ? TopicLookup.Found(raced) : TopicLookup.Failed(result);
        }

        if (appended)
        {
            SendLog.TopicCreated(_logger, config.TopicName, config.WriteQueueNums, config.Perm, reason);
            RegisterSoon(config.TopicName);
        }

        // Applied here before the append completed; an admin deletion right after is the only way to miss it.
        return Find(config.TopicName) is { } created
            ? TopicLookup.Created(created)
            : TopicLookup.Failed(new CommandResult(PutMessageStatus.UnknownError,
                $"topic {config.TopicName} was created but is gone again", null));
    }

    private async Task<CommandResult> AppendAsync(TopicConfig config, CancellationToken token)
    {
        try
        {
            return await _context.Store.UpdateTopicAsync(config, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new CommandResult(PutMessageStatus.OutcomeUnknown, "the topic creation was cancelled", null);
        }
    }

    private void RegisterSoon(string topic)
    {
        // As RocketMQ's registerBrokerAll after a creation, so routes show the topic at once; the send does not wait.
        if (_context.Find<NameServerRegistration>() is not { } registration)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await registration.RegisterAllAsync($"topic {topic} created").ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failed registration is retried by the periodic one; it must not crash anything.
            catch (Exception e)
#pragma warning restore CA1031
            {
                SendLog.RegistrationAfterCreateFailed(_logger, e, topic);
            }
        });
    }
}

/// <summary>What a topic lookup found.</summary>
public enum TopicLookupStatus
{
    /// <summary>The topic existed.</summary>
    Found,

    /// <summary>The topic was created by this call (or a concurrent one).</summary>
    Created,

    /// <summary>The topic does not exist and may not be created (no inheritable template).</summary>
    NotExist,

    /// <summary>The creation was refused by the log (see <see cref="TopicLookup.Failure"/>).</summary>
    Failed,
}

/// <summary>The outcome of a <see cref="TopicService"/> lookup.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Config">The topic (for Found and Created).</param>
/// <param name="Failure">The log's answer (for Failed): NotLeader, OutcomeUnknown, ServiceNotAvailable, ….</param>
public readonly record struct TopicLookup(TopicLookupStatus Status, TopicConfig? Config, CommandResult? Failure)
{
    public static TopicLookup NotExist => new(TopicLookupStatus.NotExist, null, null);

    public static TopicLookup Found(TopicConfig config) => new(TopicLookupStatus.Found, config, null);

    public static TopicLookup Created(TopicConfig config) => new(TopicLookupStatus.Created, config, null);

    public static TopicLookup Failed(CommandResult failure) => new(TopicLookupStatus.Failed, null, failure);
}
