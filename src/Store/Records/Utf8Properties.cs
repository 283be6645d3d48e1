namespace RocketMQ.Store.Records;

/// <summary>
/// RocketMQ's properties string read straight from its UTF-8 bytes in a stored message, with Java's parsing rules
/// (the same as <see cref="Common.Messages.MessageProperties"/>: split at <c>\u0002</c>, then at <c>\u0001</c>; an
/// item counts only with exactly two parts and a non-empty value; the last occurrence of a name wins). Both separators
/// are single bytes in UTF-8 that never occur inside a multi-byte sequence, so splitting bytes equals splitting
/// characters.
/// </summary>
public static class Utf8Properties
{
    private const byte NameValueSeparator = 1;
    private const byte PropertySeparator = 2;

    /// <summary>Finds one property (the last occurrence wins); allocation-free.</summary>
    public static bool TryGetValue(ReadOnlySpan<byte> properties, ReadOnlySpan<byte> name,
        out ReadOnlySpan<byte> value)
    {
        value = default;
        var found = false;
        var position = 0;
        while (position < properties.Length)
        {
            var item = NextItem(properties, ref position);
            if (TrySplit(item, out var itemName, out var itemValue) && itemName.SequenceEqual(name))
            {
                value = itemValue;
                found = true;
            }
        }

        return found;
    }

    /// <summary>
    /// One pass over the properties collecting what the store's projections need: TAGS (tags hash code), KEYS and
    /// UNIQ_KEY (index), DELAY (schedule topic).
    /// </summary>
    public static IndexedProperties Scan(ReadOnlySpan<byte> properties)
    {
        var result = default(IndexedProperties);
        var position = 0;
        while (position < properties.Length)
        {
            var item = NextItem(properties, ref position);
            if (!TrySplit(item, out var name, out var value))
            {
                continue;
            }

            if (name.SequenceEqual("TAGS"u8))
            {
                result.Tags = value;
                result.HasTags = true;
            }
            else if (name.SequenceEqual("KEYS"u8))
            {
                result.Keys = value;
            }
            else if (name.SequenceEqual("UNIQ_KEY"u8))
            {
                result.UniqueKey = value;
            }
            else if (name.SequenceEqual("DELAY"u8))
            {
                result.DelayLevel = value;
            }
        }

        return result;
    }

    private static ReadOnlySpan<byte> NextItem(ReadOnlySpan<byte> properties, scoped ref int position)
    {
        var rest = properties[position..];
        var end = rest.IndexOf(PropertySeparator);
        position = end < 0 ? properties.Length : position + end + 1;
        return end < 0 ? rest : rest[..end];
    }

    // Java: item.split("\u0001") must give exactly two parts; split drops trailing empty parts.
    private static bool TrySplit(ReadOnlySpan<byte> item, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var separator = item.IndexOf(NameValueSeparator);
        name = separator < 0 ? item : item[..separator];
        value = separator < 0 ? [] : item[(separator + 1)..].TrimEnd(NameValueSeparator);
        return separator >= 0 && !value.IsEmpty && !value.Contains(NameValueSeparator);
    }
}

/// <summary>The properties a stored message's projections depend on (views into its bytes; empty when absent).</summary>
public ref struct IndexedProperties
{
    /// <summary>TAGS; see <see cref="HasTags"/>.</summary>
    public ReadOnlySpan<byte> Tags;

    /// <summary>Whether TAGS is present (an absent TAGS gives tags hash code 0).</summary>
    public bool HasTags;

    /// <summary>KEYS: space-separated business keys.</summary>
    public ReadOnlySpan<byte> Keys;

    /// <summary>UNIQ_KEY: the client's message id.</summary>
    public ReadOnlySpan<byte> UniqueKey;

    /// <summary>DELAY: the delay level, as decimal text.</summary>
    public ReadOnlySpan<byte> DelayLevel;
}
