using System.Text.Json;

namespace RocketMQ.Jepsen.Checker;

/// <summary>
/// Writes <see cref="Operation"/>s as history.jsonl lines in exactly the shape <see cref="HistoryReader"/> reads,
/// so the runner and the checker share one definition of the format. Not thread-safe: one writer per file.
/// </summary>
public static class HistoryWriter
{
    /// <summary>The operation as one JSON line without the line break; fields that are null are left out.</summary>
    public static string Format(in Operation operation) =>
        JsonSerializer.Serialize(ToLine(operation), HistoryJsonContext.Default.HistoryLine);

    /// <summary>Writes the operation and a line feed to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, in Operation operation)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Format(operation));
        writer.Write('\n');
    }

    private static HistoryLine ToLine(in Operation operation) => new()
    {
        T = operation.TimeMs,
        Process = operation.Process,
        Type = operation.Type switch
        {
            OperationType.Invoke => "invoke",
            OperationType.Ok => "ok",
            OperationType.Fail => "fail",
            _ => "info",
        },
        F = operation.Function switch
        {
            OperationFunction.Send => "send",
            OperationFunction.Poll => "poll",
            _ => "drain",
        },
        Queue = operation.Queue,
        Value = operation.Value,
        Offset = operation.Offset,
        Reads = operation.Reads?.Select(read => new[] { read.Offset, read.Value }).ToArray(),
        Node = operation.Node,
        Error = operation.Error,
    };
}
