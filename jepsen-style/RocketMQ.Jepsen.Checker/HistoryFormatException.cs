namespace RocketMQ.Jepsen.Checker;

/// <summary>A history.jsonl line that is not valid JSON or breaks FORMATS.md; the message names the line.</summary>
public sealed class HistoryFormatException : FormatException
{
    public HistoryFormatException()
    {
    }

    public HistoryFormatException(string message)
        : base(message)
    {
    }

    public HistoryFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HistoryFormatException(long lineNumber, string problem, Exception? innerException = null)
        : base($"history line {lineNumber}: {problem}", innerException)
    {
        LineNumber = lineNumber;
    }

    /// <summary>The 1-based line number of the offending line (0 when not known).</summary>
    public long LineNumber { get; }
}
