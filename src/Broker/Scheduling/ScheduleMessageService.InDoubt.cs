using System.Text;
using RocketMQ.Broker.Sending;
using RocketMQ.Common.Messages;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;

namespace RocketMQ.Broker.Scheduling;

/// <summary>
/// After a takeover (failover or restart), the messages between the replicated progress and the end of the level's
/// queue are in doubt: the previous leader may have delivered some of them after its last progress flush. Because
/// every leader delivers a level in order, what it delivered is a prefix; so the new leader checks in-doubt messages
/// one by one — is a copy already in the real queue? — skipping those found, until the first one that is not: from
/// there on nothing was delivered. A failover therefore re-delivers nothing that carries a UNIQ_KEY (every RocketMQ
/// client sets one) while the store's index is on.
/// </summary>
public sealed partial class ScheduleMessageService
{
    /// <summary>What the check found out about one in-doubt message.</summary>
    private enum Delivery
    {
        /// <summary>A copy is in the real queue: skip it.</summary>
        AlreadyDelivered,

        /// <summary>No copy: deliver it, and stop checking (nothing after it was delivered either).</summary>
        NotDelivered,

        /// <summary>It cannot be told (no UNIQ_KEY): deliver it and go on checking.</summary>
        Unknown,
    }

    /// <summary>
    /// Whether a copy of slot <paramref name="slot"/>'s message (<paramref name="message"/> is its real-queue form) is
    /// already stored: the index's messages with its UNIQ_KEY in its real topic, stored no earlier than the schedule
    /// copy, in its real queue, with its born time, reconsume times and REAL_TOPIC (a delivered copy keeps it).
    /// </summary>
    private async ValueTask<Delivery> CheckDeliveredAsync(GetMessageResult read, int slot, MessageToStore message,
        CancellationToken token)
    {
        var uniqueKey = PropertyEditor.Get(message.Properties, MessagePropertyNames.UniqueClientMessageId);
        if (string.IsNullOrEmpty(uniqueKey) || !_context.Store.Options.MessageIndexEnable)
        {
            return Delivery.Unknown;
        }

        var info = read.Slots[slot];
        StoredMessage.TryRead(read.Messages.Span.Slice(info.Start, info.Size), out var scheduled);
        var scheduledAt = scheduled.StoreTimestamp;
        using var found = await _context.Store.QueryMessageAsync(message.Topic, uniqueKey, BatchMessages, scheduledAt,
            long.MaxValue, token).ConfigureAwait(false);
        foreach (var copy in found.Messages.Slots)
        {
            if (IsCopy(found.Messages.Messages.Span.Slice(copy.Start, copy.Size), message, scheduledAt))
            {
                return Delivery.AlreadyDelivered;
            }
        }

        return Delivery.NotDelivered;
    }

    private static bool IsCopy(ReadOnlySpan<byte> bytes, in MessageToStore message, long scheduledAt)
    {
        if (!StoredMessage.TryRead(bytes, out var stored))
        {
            return false;
        }

        var properties = Encoding.UTF8.GetString(stored.Properties);
        return stored.QueueId == message.QueueId && stored.BornTimestamp == message.BornTimestamp
            && stored.ReconsumeTimes == message.ReconsumeTimes && stored.StoreTimestamp >= scheduledAt
            && PropertyEditor.Get(properties, MessagePropertyNames.RealTopic) == message.Topic;
    }
}
