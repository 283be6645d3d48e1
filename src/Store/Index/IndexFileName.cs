using System.Globalization;

namespace RocketMQ.Store.Index;

/// <summary>
/// Index file names: RocketMQ's <c>UtilAll.timeMillisToHumanString</c> form, <c>yyyyMMddHHmmssSSS</c>. Java formats
/// the wall clock in the local zone; we format a message's store timestamp in UTC so that every replica, applying
/// the same log, names its files alike.
/// </summary>
internal static class IndexFileName
{
    /// <summary>Characters of every name.</summary>
    public const int Length = 17;

    private const string Pattern = "yyyyMMddHHmmssfff";

    /// <summary>The latest nameable instant (9999-12-31T23:59:59.999Z) in Unix milliseconds.</summary>
    public static readonly long MaxTimestamp = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Brings a store timestamp into the nameable range [0, <see cref="MaxTimestamp"/>].</summary>
    public static long Clamp(long timestampMs) => Math.Clamp(timestampMs, 0, MaxTimestamp);

    /// <summary>The name for <paramref name="timestampMs"/> (clamped into the nameable range).</summary>
    public static string Format(long timestampMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Clamp(timestampMs)).UtcDateTime
            .ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Parses a name back to Unix milliseconds; false for anything that is not an index file name.</summary>
    public static bool TryParse(string name, out long timestampMs)
    {
        timestampMs = 0;
        if (name.Length != Length || name.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        if (!DateTime.TryParseExact(name, Pattern, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return false;
        }

        timestampMs = new DateTimeOffset(instant).ToUnixTimeMilliseconds();
        return timestampMs >= 0;
    }
}
