using System.Text.Json.Serialization;

namespace RocketMQ.Jepsen.Checker;

/// <summary>The wire shape of one history.jsonl line, before validation; names follow FORMATS.md.</summary>
internal sealed class HistoryLine
{
    [JsonPropertyName("t")]
    public double? T { get; set; }

    [JsonPropertyName("process")]
    public int? Process { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("f")]
    public string? F { get; set; }

    [JsonPropertyName("queue")]
    public int? Queue { get; set; }

    [JsonPropertyName("value")]
    public long? Value { get; set; }

    [JsonPropertyName("offset")]
    public long? Offset { get; set; }

    [JsonPropertyName("reads")]
    public long[][]? Reads { get; set; }

    [JsonPropertyName("node")]
    public string? Node { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}

// Source-generated so reading millions of lines uses no reflection; nulls are left out when writing so a line
// carries only the fields its operation has.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryLine))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
