using RocketMQ.Store.Reading;

namespace RocketMQ.Broker.Scheduling;

/// <summary>
/// Selects the due prefix of a delay level's queue straight from its ConsumeQueue units, whose tags code the store
/// sets to the delivery time: units pass while their time has come; the first one still in the future stops the
/// read (every later unit is refused too, so deliveries stay in queue order, as Java's timer task stops at the first
/// countdown) and its time is kept for the next wake-up. No message is read to find out.
/// </summary>
/// <remarks>One instance per level loop, reset before each read; not thread-safe.</remarks>
internal sealed class DueFilter : IMessageFilter
{
    private long _nowMs;
    private long _delayMs;
    private bool _stopped;

    /// <summary>The delivery time of the first unit not yet due, or -1 when the read met none.</summary>
    public long FirstNotDueMs { get; private set; } = -1;

    /// <summary>Prepares a read at <paramref name="nowMs"/> of a level delayed by <paramref name="delayMs"/>.</summary>
    public void Reset(long nowMs, long delayMs)
    {
        _nowMs = nowMs;
        _delayMs = delayMs;
        _stopped = false;
        FirstNotDueMs = -1;
    }

    public bool IsMatchedByConsumeQueue(long tagsCode)
    {
        if (_stopped)
        {
            return false;
        }

        var deliverAt = CorrectDeliverTime(_nowMs, tagsCode, _delayMs);
        if (deliverAt <= _nowMs)
        {
            return true;
        }

        _stopped = true;
        FirstNotDueMs = deliverAt;
        return false;
    }

    /// <summary>
    /// correctDeliverTimestamp: a delivery time further ahead than the level's delay (the clock went back, or a new
    /// leader's clock is behind the old one's) is treated as due now, so no message waits longer than its delay.
    /// </summary>
    public static long CorrectDeliverTime(long nowMs, long deliverAtMs, long delayMs) =>
        deliverAtMs > nowMs + delayMs ? nowMs : deliverAtMs;
}
