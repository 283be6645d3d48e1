using System.Globalization;
using System.Text;
using RocketMQ.Common.Messages;

namespace RocketMQ.Broker.Sending;

/// <summary>
/// Rewrites a message's properties string as RocketMQ's broker does when it parses the producer's properties into a
/// map, changes some and writes the map back (<c>string2messageProperties</c> / <c>messageProperties2String</c>):
/// items Java's parser drops are dropped, the named properties are removed, the new ones appended. The order of the
/// others is kept (Java's HashMap reorders them; no client depends on the order).
/// </summary>
internal static class PropertyEditor
{
    /// <summary>Builders larger than this are not kept for reuse.</summary>
    private const int MaxCachedBuilderChars = 4096;

    // One builder per thread for the send path's rewrite (every send rewrites its properties once).
    [ThreadStatic]
    private static StringBuilder? s_builder;

    /// <summary>
    /// <paramref name="properties"/> without <paramref name="remove1"/> / <paramref name="remove2"/> (null = none)
    /// and with <paramref name="add"/> appended (a null value is skipped); every name in <paramref name="add"/> is
    /// removed from the original first, so each property appears once.
    /// </summary>
    public static string Rewrite(string? properties, string? remove1, string? remove2,
        params ReadOnlySpan<KeyValuePair<string, string?>> add)
    {
        var builder = s_builder ?? new StringBuilder(256);
        s_builder = null;
        builder.Clear();
        foreach (var (name, value) in MessageProperties.Enumerate(properties))
        {
            if (Matches(name, remove1) || Matches(name, remove2) || IsAdded(name, add))
            {
                continue;
            }

            Append(builder, name, value);
        }

        foreach (var (name, value) in add)
        {
            if (value is not null)
            {
                Append(builder, name, value);
            }
        }

        var text = builder.ToString();
        if (builder.Capacity <= MaxCachedBuilderChars)
        {
            s_builder = builder;
        }

        return text;
    }

    /// <summary>A property to add with <see cref="Rewrite"/> (a null value removes it).</summary>
    public static KeyValuePair<string, string?> Set(string name, string? value) => new(name, value);

    /// <summary>The value of property <paramref name="name"/> (the last one, as Java's map keeps), or null.</summary>
    public static string? Get(string? properties, string name) =>
        MessageProperties.TryGetValue(properties, name, out var value) ? value.ToString() : null;

    /// <summary>
    /// The DELAY level (Message.getDelayTimeLevel): 0 when absent; false when present but not an integer (Java's
    /// parseInt would fail the send).
    /// </summary>
    public static bool TryGetDelayLevel(string? properties, out int level)
    {
        level = 0;
        return !MessageProperties.TryGetValue(properties, MessagePropertyNames.DelayTimeLevel, out var text)
            || int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out level);
    }

    /// <summary>Java's Boolean.parseBoolean of a property: true only for "true" in any case.</summary>
    public static bool IsTrue(string? properties, string name) =>
        MessageProperties.TryGetValue(properties, name, out var value)
        && value.Equals("true", StringComparison.OrdinalIgnoreCase);

    private static bool Matches(ReadOnlySpan<char> name, string? candidate) =>
        candidate is not null && name.SequenceEqual(candidate);

    private static bool IsAdded(ReadOnlySpan<char> name, ReadOnlySpan<KeyValuePair<string, string?>> add)
    {
        foreach (var pair in add)
        {
            if (name.SequenceEqual(pair.Key))
            {
                return true;
            }
        }

        return false;
    }

    private static void Append(StringBuilder builder, ReadOnlySpan<char> name, ReadOnlySpan<char> value) =>
        builder.Append(name).Append(MessageProperties.NameValueSeparator).Append(value)
            .Append(MessageProperties.PropertySeparator);
}
