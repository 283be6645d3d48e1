namespace RocketMQ.Jepsen.Checker;

/// <summary>What an operation line records: its start or one of the three ways it ended (FORMATS.md).</summary>
public enum OperationType
{
    /// <summary>A worker started the operation.</summary>
    Invoke,

    /// <summary>It happened.</summary>
    Ok,

    /// <summary>It definitely did not happen.</summary>
    Fail,

    /// <summary>Unknown: timeout, connection lost, an error after the append may have happened.</summary>
    Info,
}

/// <summary>The operation's kind.</summary>
public enum OperationFunction
{
    /// <summary>Produce one unique value to a queue.</summary>
    Send,

    /// <summary>Pull from a queue starting at an offset.</summary>
    Poll,

    /// <summary>The final read of a whole queue after the last heal; its <c>ok</c> line carries the end offset.
    /// </summary>
    Drain,
}

/// <summary>One value a poll received: the queue offset it was read at and the value (the body's decimal text).
/// </summary>
public readonly record struct ReadEntry(long Offset, long Value);

/// <summary>
/// One line of history.jsonl. Which optional fields are set depends on <see cref="Type"/> and
/// <see cref="Function"/>: a send carries <see cref="Value"/> on both lines and <see cref="Offset"/> on its
/// <c>ok</c> (-1 when the broker answered none); a poll invoke carries the requested <see cref="Offset"/> and its
/// <c>ok</c> the <see cref="Reads"/> in the order received; a drain <c>ok</c> carries the queue's end offset.
/// <see cref="TimeMs"/> is milliseconds since the run's start on the runner's monotonic clock;
/// <see cref="Process"/> is the worker, which runs one operation at a time, so an invoke and that worker's next
/// completion belong together.
/// </summary>
public readonly record struct Operation(
    double TimeMs,
    int Process,
    OperationType Type,
    OperationFunction Function,
    int? Queue = null,
    long? Value = null,
    long? Offset = null,
    IReadOnlyList<ReadEntry>? Reads = null,
    string? Node = null,
    string? Error = null)
{
    /// <summary>Whether this line ends an operation (ok, fail or info).</summary>
    public bool IsCompletion => Type != OperationType.Invoke;
}
