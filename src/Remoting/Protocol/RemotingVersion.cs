namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// The <c>version</c> header value we send. RocketMQ stamps the ordinal of its MQVersion.Version enum;
/// brokers and clients only compare it against thresholds (e.g. V3_0_x features), so any 4.9.x ordinal works.
/// </summary>
public static class RemotingVersion
{
    /// <summary>Ordinal of MQVersion.Version.V4_9_8.</summary>
    public const int Current = 413;
}
