using System.Globalization;
using System.Text;

namespace RocketMQ.Common.Configuration;

/// <summary>
/// Reads and writes Java <c>.properties</c> text, the format of RocketMQ's <c>broker.conf</c> and
/// <c>namesrv.properties</c> and of the GET/UPDATE_*_CONFIG bodies: <c>key=value</c> or <c>key:value</c> or
/// <c>key value</c>, <c>#</c>/<c>!</c> comment lines, a trailing backslash continues a line, and escapes
/// (<c>\t \n \r \f \uXXXX</c>, any other escaped character stands for itself).
/// </summary>
public static class JavaProperties
{
    /// <summary>Parses <paramref name="text"/>; later keys win. Keys keep their first-seen order.</summary>
    /// <exception cref="FormatException">A malformed <c>\u</c> escape, with its line number.</exception>
    public static Dictionary<string, string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var logical = lines[i].TrimStart(' ', '\t', '\f');
            if (logical.Length == 0 || logical[0] is '#' or '!')
            {
                continue;
            }

            // An odd number of trailing backslashes joins the next physical line (minus its leading blanks).
            while (EndsWithContinuation(logical) && i + 1 < lines.Length)
            {
                logical = logical[..^1] + lines[++i].TrimStart(' ', '\t', '\f');
            }

            if (EndsWithContinuation(logical))
            {
                logical = logical[..^1];
            }

            var (key, value) = SplitKeyValue(logical);
            result[Unescape(key, lineNumber)] = Unescape(value, lineNumber);
        }

        return result;
    }

    /// <summary>Writes one <c>key=value</c> line per pair, escaping what <see cref="Parse"/> would otherwise
    /// misread, as Java's <c>MixAll.properties2String</c> produces for round trips.</summary>
    public static string Write(IEnumerable<KeyValuePair<string, string>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var text = new StringBuilder();
        foreach (var (key, value) in properties)
        {
            Escape(text, key, isKey: true);
            text.Append('=');
            Escape(text, value, isKey: false);
            text.Append('\n');
        }

        return text.ToString();
    }

    private static bool EndsWithContinuation(string line)
    {
        var backslashes = 0;
        for (var j = line.Length - 1; j >= 0 && line[j] == '\\'; j--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static (string Key, string Value) SplitKeyValue(string line)
    {
        var end = 0;
        while (end < line.Length)
        {
            var c = line[end];
            if (c == '\\')
            {
                end += 2;
                continue;
            }

            if (c is '=' or ':' or ' ' or '\t' or '\f')
            {
                break;
            }

            end++;
        }

        end = Math.Min(end, line.Length);
        var rest = end;
        while (rest < line.Length && line[rest] is ' ' or '\t' or '\f')
        {
            rest++;
        }

        if (rest < line.Length && line[rest] is '=' or ':')
        {
            rest++;
            while (rest < line.Length && line[rest] is ' ' or '\t' or '\f')
            {
                rest++;
            }
        }

        return (line[..end], line[rest..]);
    }

    private static string Unescape(string text, int lineNumber)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            var next = text[++i];
            switch (next)
            {
                case 't': result.Append('\t'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 'f': result.Append('\f'); break;
                case 'u':
                    if (text.Length - i - 1 < 4 || !ushort.TryParse(text.AsSpan(i + 1, 4),
                            NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new FormatException($"line {lineNumber}: malformed \\uXXXX escape");
                    }

                    result.Append((char)code);
                    i += 4;
                    break;
                default: result.Append(next); break;
            }
        }

        return result.ToString();
    }

    private static void Escape(StringBuilder text, string value, bool isKey)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\t': text.Append(@"\t"); break;
                case '\n': text.Append(@"\n"); break;
                case '\r': text.Append(@"\r"); break;
                case '\f': text.Append(@"\f"); break;
                case '=' or ':' or '#' or '!' when isKey || i == 0: text.Append('\\').Append(c); break;
                case ' ' when isKey || i == 0: text.Append(@"\ "); break;
                default: text.Append(c); break;
            }
        }
    }
}
