using System.Globalization;
using System.Text;
using RocketMQ.Broker.Sending;
using RocketMQ.Broker.Topics;
using RocketMQ.Common.Messages;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;

namespace RocketMQ.Broker.Scheduling;

/// <summary>
/// Turns a due message of the schedule topic back into the message for its real queue (Java's
/// <c>ScheduleMessageService.messageTimeup</c>): topic and queue from REAL_TOPIC / REAL_QID, the DELAY property
/// removed, everything else — body, flag, sysFlag, born time and host, reconsume times, other properties — kept.
/// </summary>
internal static class DelayedMessage
{
    /// <summary>
    /// The message to store for slot <paramref name="slot"/> of <paramref name="read"/>, or null with the reason it
    /// can never be delivered (unreadable, no or bad REAL_TOPIC / REAL_QID, a transaction-half real topic). The body
    /// refers to <paramref name="read"/>'s buffer: use the message before disposing the read.
    /// </summary>
    public static MessageToStore? TryTimeup(GetMessageResult read, int slot, out string? skipReason)
    {
        var info = read.Slots[slot];
        var bytes = read.Messages.Slice(info.Start, info.Size);
        if (!StoredMessage.TryRead(bytes.Span, out var stored))
        {
            skipReason = "the stored message is unreadable";
            return null;
        }

        var properties = Encoding.UTF8.GetString(stored.Properties);
        var realTopic = PropertyEditor.Get(properties, MessagePropertyNames.RealTopic);
        var realQueue = PropertyEditor.Get(properties, MessagePropertyNames.RealQueueId);
        if (realTopic is null || !TopicName.IsValid(realTopic)
            || !int.TryParse(realQueue, NumberStyles.None, CultureInfo.InvariantCulture, out var queueId))
        {
            skipReason = $"REAL_TOPIC '{realTopic}' / REAL_QID '{realQueue}' do not name a queue";
            return null;
        }

        // Java discards these too: a half message must never become visible through a delay.
        if (realTopic == SystemTopics.TransactionHalf)
        {
            skipReason = $"its real topic is {realTopic}";
            return null;
        }

        skipReason = null;
        var bodyStart = StoredMessageLayout.BodyLengthOffset(stored.SysFlag) + sizeof(int);
        return new MessageToStore
        {
            Topic = realTopic,
            QueueId = queueId,
            Flag = stored.Flag,
            SysFlag = stored.SysFlag & ~(StoredMessageLayout.BornHostV6Flag | StoredMessageLayout.StoreHostV6Flag),
            BornTimestamp = stored.BornTimestamp,
            BornHost = StoredHosts.Read(stored.BornHost),
            ReconsumeTimes = stored.ReconsumeTimes,
            Properties = PropertyEditor.Rewrite(properties, MessagePropertyNames.DelayTimeLevel, null),
            Body = bytes.Slice(bodyStart, stored.Body.Length),
        };
    }
}
