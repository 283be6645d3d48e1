using System.Globalization;

namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// Reads typed values out of a command's ext fields. Required fields that are absent produce Java's
/// message ("the custom field &lt;name&gt; is null"); malformed numbers name the field and the value.
/// </summary>
public readonly struct ExtFieldsReader
{
    private readonly IReadOnlyDictionary<string, string>? _fields;

    public ExtFieldsReader(IReadOnlyDictionary<string, string>? fields) => _fields = fields;

    public string? OptionalString(string name) =>
        _fields is not null && _fields.TryGetValue(name, out var value) ? value : null;

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw RemotingCommandException.MissingField(name);

    public int RequiredInt32(string name) => ParseInt32(name, RequiredString(name));

    public int? OptionalInt32(string name) => OptionalString(name) is { } text ? ParseInt32(name, text) : null;

    public long RequiredInt64(string name) => ParseInt64(name, RequiredString(name));

    public long? OptionalInt64(string name) => OptionalString(name) is { } text ? ParseInt64(name, text) : null;

    public bool RequiredBoolean(string name) => ParseBoolean(RequiredString(name));

    public bool? OptionalBoolean(string name) => OptionalString(name) is { } text ? ParseBoolean(text) : null;

    private static int ParseInt32(string name, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw RemotingCommandException.BadField(name, text);

    private static long ParseInt64(string name, string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw RemotingCommandException.BadField(name, text);

    // Java's Boolean.parseBoolean: "true" in any case is true, everything else (even "") is false; never an error.
    private static bool ParseBoolean(string text) => string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
}
