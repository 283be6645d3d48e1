using System.Text;

namespace RocketMQ.Common.Messages;

/// <summary>
/// RocketMQ's message properties string: <c>name \u0001 value \u0002</c> per property, a separator after the last
/// one too (as Java's <c>MessageDecoder.messageProperties2String</c> writes it).
/// </summary>
/// <remarks>Reading follows Java's <c>string2messageProperties</c>: the string is split at <c>\u0002</c>, each item
/// at <c>\u0001</c>, and only items with exactly two non-empty-terminated parts count (an empty value, a missing
/// value or a value holding <c>\u0001</c> is dropped); a repeated name keeps its last value.</remarks>
public static class MessageProperties
{
    public const char NameValueSeparator = '\u0001';
    public const char PropertySeparator = '\u0002';

    /// <summary>Parses a properties string (null → empty map).</summary>
    public static Dictionary<string, string> Parse(string? text)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Enumerate(text))
        {
            map[name.ToString()] = value.ToString();
        }

        return map;
    }

    /// <summary>Writes properties in Java's form; pairs with a null value are skipped, as Java skips them.</summary>
    public static string Serialize(IEnumerable<KeyValuePair<string, string?>> properties)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in properties)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(name).Append(NameValueSeparator).Append(value).Append(PropertySeparator);
        }

        return builder.ToString();
    }

    /// <summary>Finds one property without allocating (the last occurrence wins, as with Java's map).</summary>
    public static bool TryGetValue(ReadOnlySpan<char> text, ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
    {
        value = default;
        var found = false;
        foreach (var (itemName, itemValue) in Enumerate(text))
        {
            if (itemName.SequenceEqual(name))
            {
                value = itemValue;
                found = true;
            }
        }

        return found;
    }

    /// <summary>The properties in order, as Java's parser accepts them; allocation-free.</summary>
    public static PropertyEnumerator Enumerate(ReadOnlySpan<char> text) => new(text);

    /// <summary>Walks <c>name\u0001value\u0002</c> items, skipping the ones Java's parser drops.</summary>
    public ref struct PropertyEnumerator
    {
        private ReadOnlySpan<char> _rest;

        internal PropertyEnumerator(ReadOnlySpan<char> text)
        {
            _rest = text;
            Current = default;
        }

        public MessageProperty Current { get; private set; }

        public readonly PropertyEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (!_rest.IsEmpty)
            {
                var end = _rest.IndexOf(PropertySeparator);
                var item = end < 0 ? _rest : _rest[..end];
                _rest = end < 0 ? [] : _rest[(end + 1)..];
                if (TrySplit(item, out var name, out var value))
                {
                    Current = new MessageProperty(name, value);
                    return true;
                }
            }

            return false;
        }

        // Java: item.split("\u0001") must yield exactly two parts, and split drops trailing empty parts: so
        // "k\u0001v\u0001" counts (value "v"), "k\u0001" and "k\u0001\u0001" do not, "\u0001v" counts with an
        // empty name, and "k\u0001a\u0001b" (three parts) does not.
        private static bool TrySplit(ReadOnlySpan<char> item, out ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
        {
            var separator = item.IndexOf(NameValueSeparator);
            name = separator < 0 ? item : item[..separator];
            value = separator < 0 ? [] : item[(separator + 1)..].TrimEnd(NameValueSeparator);
            return separator >= 0 && !value.IsEmpty && !value.Contains(NameValueSeparator);
        }
    }
}

/// <summary>One property as found in a properties string (views into it).</summary>
public readonly ref struct MessageProperty(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
{
    public ReadOnlySpan<char> Name { get; } = name;

    public ReadOnlySpan<char> Value { get; } = value;

    public void Deconstruct(out ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
    {
        name = Name;
        value = Value;
    }
}
