using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RocketMQ.Common.Protocol;

namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// The JSON header form (serialize type 0) as Java's RemotingSerializable (fastjson) writes it:
/// <c>{"code":…,"extFields":{…},"flag":…,"language":"JAVA","opaque":…,"remark":…,
/// "serializeTypeCurrentRPC":"JSON","version":…}</c>. Reading is lenient where real peers differ (property
/// order, missing or null remark/extFields, numbers or booleans as ext values, unknown properties) and strict
/// where trust matters (anything that is not one well-formed JSON object is a protocol error).
/// </summary>
internal static class JsonHeaderCodec
{
    private const int ExpectedExtFields = 16;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keep non-ASCII text as UTF-8 rather than \u escapes: smaller, and what fastjson produces. (Characters
        // beyond the BMP, e.g. emoji, still come out as \uD83D\uDE00 pairs; every JSON reader decodes those.)
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    // A header nests two levels; unknown properties of any reasonable shape are skipped, and the reader's
    // default depth bound (64) still stops a hostile one.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    // SearchValues rather than IndexOfAnyInRange: the latter allocated 96 B per call on .NET 10 (measured).
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(
        Enumerable.Range(0xD800, 0xE000 - 0xD800).Select(c => (char)c).ToArray());

    [ThreadStatic]
    private static Utf8JsonWriter? s_jsonWriter;

    /// <summary>Reads a JSON header into a new command (body not set).</summary>
    public static RemotingCommand Decode(in ReadOnlySequence<byte> header)
    {
        var reader = new Utf8JsonReader(header, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new RemotingProtocolException("JSON header is not an object");
            }

            var command = new RemotingCommand { SerializeType = SerializeType.Json };
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                ReadProperty(ref reader, command);
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new RemotingProtocolException("JSON header has trailing content");
            }

            return command;
        }
        catch (JsonException e)
        {
            throw new RemotingProtocolException("malformed JSON header: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader's typed getters throw this when a value has the wrong token type.
            throw new RemotingProtocolException("JSON header field has the wrong type: " + e.Message, e);
        }
    }

    /// <summary>Writes the header of <paramref name="command"/> as JSON into <paramref name="output"/>. The per-thread
    /// writer keeps its reference to <paramref name="output"/> afterwards; callers pass their own per-thread
    /// scratch buffer, so nothing is kept alive that would not be anyway.</summary>
    public static void Encode(RemotingCommand command, IBufferWriter<byte> output)
    {
        var writer = s_jsonWriter ??= new Utf8JsonWriter(output, WriterOptions);
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteNumber("code"u8, command.Code);
        if (command.ExtFields is { } extFields)
        {
            writer.WriteStartObject("extFields"u8);
            foreach (var (key, value) in extFields)
            {
                if (value is not null)
                {
                    writer.WriteString(WellFormed(key), WellFormed(value));
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteNumber("flag"u8, command.Flag);
        writer.WriteString("language"u8, LanguageCodeNames.NameOf(command.Language));
        writer.WriteNumber("opaque"u8, command.Opaque);
        if (command.Remark is { } remark)
        {
            writer.WriteString("remark"u8, WellFormed(remark));
        }

        writer.WriteString("serializeTypeCurrentRPC"u8, "JSON"u8);
        writer.WriteNumber("version"u8, command.Version);
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>Replaces lone surrogates with U+FFFD, as the binary form's UTF-8 encoding does. Otherwise the
    /// writer would emit a <c>\uD800</c> escape that .NET's reader (ours included) refuses, closing the
    /// connection over one bad remark. Text without surrogates (nearly all) costs one vectorized scan.</summary>
    private static string WellFormed(string text)
    {
        var first = text.AsSpan().IndexOfAny(Surrogates);
        if (first < 0)
        {
            return text;
        }

        char[]? fixedUp = null;
        for (var i = first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                fixedUp ??= text.ToCharArray();
                fixedUp[i] = '\uFFFD';
            }
        }

        return fixedUp is null ? text : new string(fixedUp);
    }

    /// <summary>Drops this thread's reference to the last output (called when that buffer is being discarded).
    /// </summary>
    public static void ReleaseOutput() => s_jsonWriter = null;

    private static void ReadProperty(ref Utf8JsonReader reader, RemotingCommand command)
    {
        if (reader.ValueTextEquals("code"u8))
        {
            command.Code = ReadInt32(ref reader);
        }
        else if (reader.ValueTextEquals("opaque"u8))
        {
            command.Opaque = ReadInt32(ref reader);
        }
        else if (reader.ValueTextEquals("flag"u8))
        {
            command.Flag = ReadInt32(ref reader);
        }
        else if (reader.ValueTextEquals("version"u8))
        {
            command.Version = ReadInt32(ref reader);
        }
        else if (reader.ValueTextEquals("language"u8))
        {
            command.Language = ReadLanguage(ref reader);
        }
        else if (reader.ValueTextEquals("remark"u8))
        {
            Next(ref reader);
            command.Remark = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
        }
        else if (reader.ValueTextEquals("extFields"u8))
        {
            command.ExtFields = ReadExtFields(ref reader);
        }
        else
        {
            Next(ref reader);
            reader.Skip();
        }
    }

    private static Dictionary<string, string>? ReadExtFields(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RemotingProtocolException("JSON header extFields is not an object");
        }

        // Sends and pulls carry 10-14 fields: size once instead of growing 3 -> 7 -> 17.
        var fields = new Dictionary<string, string>(ExpectedExtFields, StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = ReadString(ref reader);
            Next(ref reader);
            if (ReadScalarText(ref reader) is { } value)
            {
                fields[key] = value;
            }
        }

        return fields;
    }

    /// <summary>Ext values are strings in Java, but some clients send numbers or booleans: keep their text.
    /// Null values are dropped, as Java's header decoder ignores them.</summary>
    private static string? ReadScalarText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => ReadString(ref reader),
        JsonTokenType.Null => null,
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Number => RawText(ref reader),
        _ => throw new RemotingProtocolException("JSON header extFields value is not a scalar"),
    };

    /// <summary>Reads a property name or string value, sharing the instance of frequent ones.</summary>
    private static string ReadString(ref Utf8JsonReader reader) =>
        !reader.HasValueSequence && !reader.ValueIsEscaped
            ? KnownStrings.Get(reader.ValueSpan)
            : reader.GetString()!;

    private static int ReadInt32(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.String &&
            int.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw new RemotingProtocolException("JSON header field is not a 32-bit integer");
    }

    private static LanguageCode ReadLanguage(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.String => LanguageCodeNames.Parse(ref reader),
            JsonTokenType.Number when reader.TryGetInt32(out var code) && code is >= 0 and <= byte.MaxValue =>
                LanguageCodeNames.FromByte((byte)code),
            _ => LanguageCode.Other,
        };
    }

    private static string RawText(ref Utf8JsonReader reader) => reader.HasValueSequence
        ? Encoding.UTF8.GetString(reader.ValueSequence)
        : Encoding.UTF8.GetString(reader.ValueSpan);

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new RemotingProtocolException("JSON header is truncated");
        }
    }
}
