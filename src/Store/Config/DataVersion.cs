namespace RocketMQ.Store.Config;

/// <summary>
/// The version of a configuration table as RocketMQ's <c>DataVersion</c> reports it (timestamp of the last change
/// in ms, change counter). The name server compares it to decide whether a registration changed anything.
/// </summary>
/// <remarks>RocketMQ stamps <c>System.currentTimeMillis()</c> on each replica; here the timestamp is the one the
/// leader put into the command, so every replica computes the same version from the same log. The initial
/// version is (0, 0) for the same reason.</remarks>
public readonly record struct DataVersion(long Timestamp, long Counter)
{
    /// <summary>The version after one more change made at <paramref name="timestamp"/> (counter + 1, as
    /// <c>nextVersion()</c>).</summary>
    public DataVersion Next(long timestamp) => new(timestamp, Counter + 1);
}
