using Microsoft.Extensions.Logging;
using RocketMQ.Store.Writing;

namespace RocketMQ.Broker.Sending;

/// <summary>Log events of sending, topic creation and delayed delivery (EventIds 5100–5199).</summary>
internal static partial class SendLog
{
    [LoggerMessage(5100, LogLevel.Information,
        "Topic {Topic} created ({QueueNums} queues, perm {Perm}): {Reason}")]
    public static partial void TopicCreated(ILogger logger, string topic, int queueNums, int perm, string reason);

    [LoggerMessage(5101, LogLevel.Warning, "Topic {Topic} not created: {Status} {Remark}")]
    public static partial void TopicNotCreated(ILogger logger, string topic, PutMessageStatus status, string? remark);

    [LoggerMessage(5102, LogLevel.Warning,
        "Topic {Topic} not created: its template {Template} does not exist (producer {Producer})")]
    public static partial void TemplateMissing(ILogger logger, string topic, string template, string producer);

    [LoggerMessage(5103, LogLevel.Warning,
        "Topic {Topic} not created: its template {Template} has perm {Perm}, without inherit (producer {Producer})")]
    public static partial void TemplateNotInheritable(ILogger logger, string topic, string template, int perm,
        string producer);

    [LoggerMessage(5104, LogLevel.Warning, "Registration after creating topic {Topic} failed")]
    public static partial void RegistrationAfterCreateFailed(ILogger logger, Exception exception, string topic);

    // Debug: a follower refuses every send of producers with a stale route until they refresh it.
    [LoggerMessage(5110, LogLevel.Debug, "Send to {Topic} from {Producer} refused: code {Code} {Remark}")]
    public static partial void SendRefused(ILogger logger, string topic, string producer, int code, string? remark);

    [LoggerMessage(5111, LogLevel.Information,
        "Message of group {Group} moved to dead-letter topic {Topic} after {ReconsumeTimes} reconsumptions")]
    public static partial void MovedToDeadLetter(ILogger logger, string group, string topic, int reconsumeTimes);

    [LoggerMessage(5112, LogLevel.Warning, "Subscription group {Group} not created: {Status} {Remark}")]
    public static partial void GroupNotCreated(ILogger logger, string group, PutMessageStatus status, string? remark);

    // Debug: with the canary on, every send caught by a leader failure ends here, and the chaos tests cause many.
    [LoggerMessage(5113, LogLevel.Debug,
        "Send to {Topic} was acknowledged before commit (testOnlyAckBeforeCommit) and did not commit: {Status} "
        + "{Remark}")]
    public static partial void AckedButNotCommitted(ILogger logger, string topic, PutMessageStatus status,
        string? remark);

    [LoggerMessage(5120, LogLevel.Information,
        "Delayed delivery started as leader: {Levels} levels, progress from the replicated offsets")]
    public static partial void ScheduleStarted(ILogger logger, int levels);

    [LoggerMessage(5121, LogLevel.Information, "Delayed delivery stopped ({Reason})")]
    public static partial void ScheduleStopped(ILogger logger, string reason);

    [LoggerMessage(5122, LogLevel.Warning,
        "Delay level {Level}: delivery at queue offset {Offset} failed, retried in {RetryMs} ms: {Status} {Remark}")]
    public static partial void DeliveryFailed(ILogger logger, int level, long offset, long retryMs,
        PutMessageStatus status, string? remark);

    [LoggerMessage(5123, LogLevel.Error,
        "Delay level {Level}: message at queue offset {Offset} cannot be delivered and is skipped: {Reason}")]
    public static partial void DeliverySkipped(ILogger logger, int level, long offset, string reason);

    [LoggerMessage(5124, LogLevel.Warning,
        "Delay level {Level}: progress {Offset} is outside the queue; continuing at {Next} ({Reason})")]
    public static partial void ProgressCorrected(ILogger logger, int level, long offset, long next, string reason);

    [LoggerMessage(5125, LogLevel.Warning, "Delay level {Level}: read at queue offset {Offset} failed: {Status}")]
    public static partial void ReadFailed(ILogger logger, int level, long offset, string status);

    [LoggerMessage(5126, LogLevel.Warning, "Delayed delivery progress not replicated: {Status} {Remark}")]
    public static partial void ProgressNotSaved(ILogger logger, PutMessageStatus status, string? remark);

    [LoggerMessage(5127, LogLevel.Error, "Delay level {Level}: delivery round failed")]
    public static partial void RoundFailed(ILogger logger, Exception exception, int level);

    [LoggerMessage(5129, LogLevel.Warning, "A delivery round listener failed")]
    public static partial void RoundListenerFailed(ILogger logger, Exception exception);

    [LoggerMessage(5128, LogLevel.Information,
        "Delay level {Level}: message at queue offset {Offset} was already delivered by the previous leader; skipped")]
    public static partial void AlreadyDelivered(ILogger logger, int level, long offset);
}
