using RocketMQ.Common.Replication;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;

namespace RocketMQ.Store;

/// <summary>
/// Config changes through the log (decision 5): topic and subscription-group updates and deletions, consumer-offset
/// commits. Each completes once the command is committed and applied here, so <see cref="Config"/> reflects it.
/// </summary>
public sealed partial class MessageStore
{
    /// <summary>Creates or replaces a topic's config (UPDATE_AND_CREATE_TOPIC, auto-create).</summary>
    public ValueTask<CommandResult> UpdateTopicAsync(TopicConfig config, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!TopicName.IsValid(config.TopicName))
        {
            return ValueTask.FromResult(CommandResult.Illegal(
                $"topic '{config.TopicName}' is not allowed (1..127 of [%|a-zA-Z0-9_-])"));
        }

        return AppendCommandAsync(StoreRecordKinds.TopicConfigUpdate,
            () => ConfigCommandCodec.EncodeTopicConfigUpdate(config, Now()), token);
    }

    /// <summary>Deletes a topic: its config, its queues (and their files) and every group's offsets for it.</summary>
    public ValueTask<CommandResult> DeleteTopicAsync(string topic, CancellationToken token = default) =>
        TopicName.IsValid(topic)
            ? AppendCommandAsync(StoreRecordKinds.TopicDelete, () => ConfigCommandCodec.EncodeTopicDelete(topic, Now()),
                token)
            : ValueTask.FromResult(CommandResult.Illegal($"topic '{topic}' is not allowed"));

    /// <summary>Creates or replaces a subscription group's config.</summary>
    public ValueTask<CommandResult> UpdateSubscriptionGroupAsync(SubscriptionGroupConfig config,
        CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return AppendCommandAsync(StoreRecordKinds.SubscriptionGroupUpdate,
            () => ConfigCommandCodec.EncodeSubscriptionGroupUpdate(config, Now()), token);
    }

    /// <summary>Deletes a subscription group (and, when asked, its consumer offsets — RocketMQ's removeOffset).</summary>
    public ValueTask<CommandResult> DeleteSubscriptionGroupAsync(string group, bool removeOffsets,
        CancellationToken token = default) =>
        AppendCommandAsync(StoreRecordKinds.SubscriptionGroupDelete,
            () => ConfigCommandCodec.EncodeSubscriptionGroupDelete(group, removeOffsets, Now()), token);

    /// <summary>
    /// Commits consumer offsets (the broker coalesces the commits it receives and replicates them about once a second
    /// and before a planned leadership transfer). Offsets must not be negative.
    /// </summary>
    public ValueTask<CommandResult> CommitOffsetsAsync(IReadOnlyList<ConsumerOffsetEntry> entries,
        CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0
            ? ValueTask.FromResult(CommandResult.Ok)
            : AppendCommandAsync(StoreRecordKinds.ConsumerOffsetCommit,
                () => ConfigCommandCodec.EncodeConsumerOffsetCommit(Now(), entries), token);
    }

    private async ValueTask<CommandResult> AppendCommandAsync(RecordKind kind, Func<byte[]> encode,
        CancellationToken token)
    {
        if (IsDisposed || Log is not { } log)
        {
            return new CommandResult(PutMessageStatus.ServiceNotAvailable, "the message store is not running", null);
        }

        byte[] payload;
        try
        {
            payload = encode();
        }
        catch (ArgumentException e)
        {
            // The codec refuses what every replica would have to skip; say why instead of writing it.
            return CommandResult.Illegal(e.Message);
        }

        var appended = await log.AppendAsync(kind, payload, null, token).ConfigureAwait(false);
        return appended.Status switch
        {
            AppendStatus.Committed => CommandResult.Ok,
            AppendStatus.NotLeader => new CommandResult(PutMessageStatus.NotLeader,
                "this broker is not the leader of its group", appended.LeaderId),
            AppendStatus.OutcomeUnknown => new CommandResult(PutMessageStatus.OutcomeUnknown,
                "leadership changed while the change was being replicated; it may or may not be applied", null),
            AppendStatus.TooLarge => CommandResult.Illegal("the change is larger than a log entry"),
            _ => new CommandResult(PutMessageStatus.ServiceNotAvailable,
                "the replicated log cannot take writes (disk full or storage failure)", null),
        };
    }

    private long Now() => _environment.Time.GetUtcNow().ToUnixTimeMilliseconds();
}

/// <summary>The outcome of a config command.</summary>
/// <param name="Status">What happened (<see cref="PutMessageStatus.PutOk"/>: committed and applied here).</param>
/// <param name="Remark">Why, for anything else.</param>
/// <param name="LeaderId">For <see cref="PutMessageStatus.NotLeader"/>, the leader this replica knows of.</param>
public sealed record CommandResult(PutMessageStatus Status, string? Remark, string? LeaderId)
{
    public static readonly CommandResult Ok = new(PutMessageStatus.PutOk, null, null);

    public bool IsOk => Status == PutMessageStatus.PutOk;

    internal static CommandResult Illegal(string remark) => new(PutMessageStatus.MessageIllegal, remark, null);
}
