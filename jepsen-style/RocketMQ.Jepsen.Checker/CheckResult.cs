using System.Text.Json;
using System.Text.Json.Serialization;

namespace RocketMQ.Jepsen.Checker;

/// <summary>
/// The checker's verdict on one history; the runner writes it as results.json with <see cref="ToJson"/>.
/// </summary>
/// <remarks>
/// <see cref="Valid"/> is true when no anomaly of any <see cref="AnomalyKind"/> was found (unseen values do not
/// count). <see cref="Counts"/> tallies all queues, <see cref="Queues"/> each queue by id ascending.
/// <see cref="AnomalyCounts"/> maps every kind's name (<see cref="AnomalyKinds.Name"/>) to how many were found;
/// <see cref="Anomalies"/> lists the first <see cref="MaxAnomaliesPerKind"/> of each kind, grouped by kind in
/// <see cref="AnomalyKind"/> order, each group in the order found.
/// </remarks>
public sealed record CheckResult(bool Valid, Counts Counts, IReadOnlyList<QueueCounts> Queues,
    IReadOnlyDictionary<string, long> AnomalyCounts, IReadOnlyList<Anomaly> Anomalies, int MaxAnomaliesPerKind)
{
    /// <summary>Indented JSON, camelCase names, enums as kebab-case strings, anomalies tagged by <c>kind</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CheckResultJsonContext.Default.CheckResult);

    /// <summary>Reads what <see cref="ToJson"/> wrote (e.g. results.json for the report).</summary>
    public static CheckResult FromJson(string json) =>
        JsonSerializer.Deserialize(json, CheckResultJsonContext.Default.CheckResult)
        ?? throw new JsonException("results JSON is null");

    /// <summary>How many anomalies of <paramref name="kind"/> were found, listed or not.</summary>
    public long CountOf(AnomalyKind kind) =>
        AnomalyCounts.TryGetValue(AnomalyKinds.Name(kind), out var count) ? count : 0;
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(CheckResult))]
internal sealed partial class CheckResultJsonContext : JsonSerializerContext;
