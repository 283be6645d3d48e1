using System.Text;

namespace RocketMQ.Store.Hashing;

/// <summary>
/// Java's <c>String.hashCode()</c> (<c>h = 31 * h + c</c> over UTF-16 code units, 32-bit wrap-around) computed over
/// UTF-8 bytes without materializing a string, so index keys (<c>topic#key</c>) and tags hash codes come out exactly
/// as a Java broker computes them. Malformed UTF-8 counts as U+FFFD per maximal invalid subsequence, as Java's decoder
/// replaces it.
/// </summary>
public static class JavaStringHash
{
    /// <summary>Continues <paramref name="hash"/> over the characters <paramref name="utf8"/> decodes to.</summary>
    public static int Append(int hash, ReadOnlySpan<byte> utf8)
    {
        Span<char> units = stackalloc char[2];
        var position = 0;
        while (position < utf8.Length)
        {
            var b = utf8[position];
            if (b < 0x80)
            {
                hash = unchecked((31 * hash) + b);
                position++;
                continue;
            }

            Rune.DecodeFromUtf8(utf8[position..], out var rune, out var consumed);
            var count = rune.EncodeToUtf16(units);
            for (var i = 0; i < count; i++)
            {
                hash = unchecked((31 * hash) + units[i]);
            }

            position += consumed;
        }

        return hash;
    }

    /// <summary>Continues <paramref name="hash"/> over one character.</summary>
    public static int Append(int hash, char c) => unchecked((31 * hash) + c);

    /// <summary>The hash of a whole UTF-8 string.</summary>
    public static int Of(ReadOnlySpan<byte> utf8) => Append(0, utf8);
}
