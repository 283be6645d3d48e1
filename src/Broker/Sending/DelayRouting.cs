using System.Globalization;
using RocketMQ.Broker.Topics;
using RocketMQ.Common.Messages;
using RocketMQ.Store.Records;

namespace RocketMQ.Broker.Sending;

/// <summary>
/// Where a delayed message is stored (RocketMQ's <c>CommitLog.asyncPutMessage</c>): a message with a DELAY level
/// above 0 that is not a transaction half (type none or commit) goes to <c>SCHEDULE_TOPIC_XXXX</c> queue level − 1,
/// its real topic and queue kept in REAL_TOPIC / REAL_QID; levels above the highest configured are clamped to it. The
/// store then writes the delivery time into the schedule queue's units, and the schedule service re-stores the
/// message in its real queue when that time has come.
/// </summary>
internal static class DelayRouting
{
    /// <summary>Whether a message with these sysFlag bits may be delayed (transaction type none or commit).</summary>
    public static bool MayDelay(int sysFlag) =>
        (sysFlag & StoredMessageLayout.TransactionMask) is StoredMessageLayout.TransactionNotType
            or StoredMessageLayout.TransactionCommitType;

    /// <summary>
    /// <paramref name="message"/> routed to the schedule topic for <paramref name="level"/> (≥ 1, clamped to
    /// <paramref name="maxLevel"/>).
    /// </summary>
    public static MessageToStore Route(in MessageToStore message, int level, int maxLevel)
    {
        var clamped = Math.Min(level, maxLevel);
        var properties = PropertyEditor.Rewrite(message.Properties, null, null,
            PropertyEditor.Set(MessagePropertyNames.DelayTimeLevel, clamped.ToString(CultureInfo.InvariantCulture)),
            PropertyEditor.Set(MessagePropertyNames.RealTopic, message.Topic),
            PropertyEditor.Set(MessagePropertyNames.RealQueueId,
                message.QueueId.ToString(CultureInfo.InvariantCulture)));
        return message with { Topic = SystemTopics.Schedule, QueueId = clamped - 1, Properties = properties };
    }
}
