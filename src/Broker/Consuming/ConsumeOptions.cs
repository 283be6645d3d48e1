using RocketMQ.Common.Configuration;

namespace RocketMQ.Broker.Consuming;

/// <summary>
/// Timings of the consuming area that RocketMQ hard-codes rather than reading from <c>broker.conf</c> (the
/// configurable ones — <c>longPollingEnable</c>, <c>shortPollingTimeMills</c>, <c>notifyConsumerIdsChangedEnable</c>,
/// <c>autoCreateSubscriptionGroup</c>, <c>flushConsumerOffsetInterval</c> — live in <see cref="BrokerOptions"/>).
/// Tests shorten them; production uses the defaults.
/// </summary>
public sealed class ConsumeOptions
{
    /// <summary>A client channel with no heartbeat for this long is closed and forgotten (Java's
    /// <c>CHANNEL_EXPIRED_TIMEOUT</c>, 120 s).</summary>
    public int ChannelExpiredTimeoutMs { get; set; } = 120_000;

    /// <summary>How often client channels are checked for expiry (Java's ClientHousekeepingService, 10 s).</summary>
    public int ClientScanIntervalMs { get; set; } = 10_000;

    /// <summary>A queue lock not renewed for this long may be taken by another client (Java's
    /// <c>rocketmq.broker.rebalance.lockMaxLiveTime</c>, 60 s).</summary>
    public int RebalanceLockMaxLiveTimeMs { get; set; } = 60_000;

    /// <summary>
    /// How often held pulls are checked for their deadline, a closed channel or a missed arrival. Java checks every
    /// 5 s (so a 15 s hold may last 20 s); arrivals wake pulls at once either way, this only bounds the lateness of a
    /// timeout.
    /// </summary>
    public int HoldCheckIntervalMs { get; set; } = 200;

    /// <summary>Throws naming the first invalid setting.</summary>
    /// <exception cref="ConfigurationException">A setting is out of range.</exception>
    public void Validate()
    {
        Require(ChannelExpiredTimeoutMs >= 100, nameof(ChannelExpiredTimeoutMs), "must be at least 100 ms");
        Require(ClientScanIntervalMs >= 10, nameof(ClientScanIntervalMs), "must be at least 10 ms");
        Require(RebalanceLockMaxLiveTimeMs >= 1, nameof(RebalanceLockMaxLiveTimeMs), "must be positive");
        Require(HoldCheckIntervalMs is >= 10 and <= 5000, nameof(HoldCheckIntervalMs), "must be 10..5000 ms");
    }

    private static void Require(bool condition, string key, string message)
    {
        if (!condition)
        {
            throw new ConfigurationException(key, message);
        }
    }
}
