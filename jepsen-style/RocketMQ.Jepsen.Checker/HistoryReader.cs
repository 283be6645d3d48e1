using System.Text.Json;

namespace RocketMQ.Jepsen.Checker;

/// <summary>
/// Parses history.jsonl (FORMATS.md) into <see cref="Operation"/>s, one per non-blank line, lazily: a run of a few
/// million lines streams through the checker without being held in memory. Unknown fields are ignored so the runner
/// may add some; a line that is not JSON or lacks what its type and function need throws
/// <see cref="HistoryFormatException"/> naming the line.
/// </summary>
public static class HistoryReader
{
    /// <summary>Reads the file at <paramref name="path"/>; the file stays open until the enumeration ends.</summary>
    public static IEnumerable<Operation> ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        foreach (var operation in Read(reader))
        {
            yield return operation;
        }
    }

    /// <summary>Reads lines from <paramref name="reader"/> until its end; the caller owns the reader.</summary>
    public static IEnumerable<Operation> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return ParseLine(line, lineNumber);
            }
        }
    }

    /// <summary>Parses one line; <paramref name="lineNumber"/> (1-based) only names the line in errors.</summary>
    public static Operation ParseLine(string line, long lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        HistoryLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, HistoryJsonContext.Default.HistoryLine);
        }
        catch (JsonException exception)
        {
            throw new HistoryFormatException(lineNumber, $"not a JSON operation ({exception.Message})", exception);
        }

        if (parsed is null)
        {
            throw new HistoryFormatException(lineNumber, "null instead of an operation object");
        }

        return Validate(parsed, lineNumber);
    }

    private static Operation Validate(HistoryLine line, long lineNumber)
    {
        var time = line.T ?? throw Missing(lineNumber, "t");
        var process = line.Process ?? throw Missing(lineNumber, "process");
        var type = ParseType(line.Type, lineNumber);
        var function = ParseFunction(line.F, lineNumber);
        if (function != OperationFunction.Drain && line.Queue is null)
        {
            throw Missing(lineNumber, "queue");
        }

        switch (function)
        {
            case OperationFunction.Send:
                _ = line.Value ?? throw Missing(lineNumber, "value");
                if (line.Offset < -1)
                {
                    throw new HistoryFormatException(lineNumber, $"send offset {line.Offset} is below -1");
                }

                break;
            case OperationFunction.Drain when type == OperationType.Ok:
                _ = line.Queue ?? throw Missing(lineNumber, "queue");
                _ = line.Offset ?? throw Missing(lineNumber, "offset");
                break;
        }

        var reads = ParseReads(line.Reads, function, type, lineNumber);
        return new Operation(time, process, type, function, line.Queue, line.Value, line.Offset, reads, line.Node,
            line.Error);
    }

    private static ReadEntry[]? ParseReads(long[][]? pairs, OperationFunction function, OperationType type,
        long lineNumber)
    {
        if (pairs is null)
        {
            return function == OperationFunction.Poll && type == OperationType.Ok ? [] : null;
        }

        var reads = new ReadEntry[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            if (pairs[i] is not [var offset, var value])
            {
                throw new HistoryFormatException(lineNumber, $"reads[{i}] is not an [offset, value] pair");
            }

            if (offset < 0)
            {
                throw new HistoryFormatException(lineNumber, $"reads[{i}] has negative offset {offset}");
            }

            reads[i] = new ReadEntry(offset, value);
        }

        return reads;
    }

    private static OperationType ParseType(string? text, long lineNumber) => text switch
    {
        "invoke" => OperationType.Invoke,
        "ok" => OperationType.Ok,
        "fail" => OperationType.Fail,
        "info" => OperationType.Info,
        null => throw Missing(lineNumber, "type"),
        _ => throw new HistoryFormatException(lineNumber, $"type '{text}' is not invoke, ok, fail or info"),
    };

    private static OperationFunction ParseFunction(string? text, long lineNumber) => text switch
    {
        "send" => OperationFunction.Send,
        "poll" => OperationFunction.Poll,
        "drain" => OperationFunction.Drain,
        null => throw Missing(lineNumber, "f"),
        _ => throw new HistoryFormatException(lineNumber, $"f '{text}' is not send, poll or drain"),
    };

    private static HistoryFormatException Missing(long lineNumber, string field) =>
        new(lineNumber, $"required field '{field}' is missing");
}
