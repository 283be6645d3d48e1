using Microsoft.Extensions.Logging;
using RocketMQ.Store;
using RocketMQ.Store.Config;

namespace RocketMQ.Broker.Sending;

/// <summary>
/// A consumer group's config for the retry paths, created with RocketMQ's defaults when missing and
/// <c>autoCreateSubscriptionGroup</c> is on (<c>SubscriptionGroupManager.findSubscriptionGroupConfig</c>). The
/// creation is a replicated command, so callers must lead their group.
/// </summary>
internal sealed class GroupLookup(BrokerContext context)
{
    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<GroupLookup>();

    /// <summary>
    /// The group's config; null config and null failure when it does not exist and may not be created; a failure
    /// when the creation was refused (not the leader, …).
    /// </summary>
    public async ValueTask<(SubscriptionGroupConfig? Config, CommandResult? Failure)> FindOrCreateAsync(string group,
        CancellationToken token)
    {
        if (context.Store.Config.FindGroup(group) is { } existing)
        {
            return (existing, null);
        }

        if (!context.Options.AutoCreateSubscriptionGroup)
        {
            return (null, null);
        }

        var result = await context.Store.UpdateSubscriptionGroupAsync(new SubscriptionGroupConfig(group), token)
            .ConfigureAwait(false);
        if (!result.IsOk)
        {
            SendLog.GroupNotCreated(_logger, group, result.Status, result.Remark);

            // A concurrent creation may have won.
            return context.Store.Config.FindGroup(group) is { } raced ? (raced, null) : (null, result);
        }

        return (context.Store.Config.FindGroup(group) ?? new SubscriptionGroupConfig(group), null);
    }
}
