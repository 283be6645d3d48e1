namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// The <c>version</c> header value we send. RocketMQ stamps the ordinal of its MQVersion.Version enum;
/// brokers and clients only compare it against thresholds (e.g. V3_0_x features), so any 4.9.x ordinal works.
/// </summary>
public static class RemotingVersion
{
    /// <summary>Ordinal of MQVersion.Version.V4_9_8 (the enum starts at V3_0_0_SNAPSHOT = 0; checked against the
    /// rocketmq-all-4.9.8 sources, where MQVersion.CURRENT_VERSION is this value). 413 is V5_0_0.</summary>
    public const int Current = 409;
}
