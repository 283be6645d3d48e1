namespace RocketMQ.Jepsen.Checker;

/// <summary>
/// Checks a history (FORMATS.md) for the anomaly classes of Jepsen's Kafka workload (<see cref="AnomalyKind"/>) over
/// one topic whose queues are independent logs. Pure: no clock, no randomness, no I/O beyond the file
/// <see cref="CheckFile"/> is given. One pass over the operations; memory grows with the number of distinct values
/// and read positions (dictionaries keyed by value and by (queue, offset)), never with pairs of them.
/// </summary>
/// <remarks>
/// Semantics, in Jepsen's terms: an acknowledged value that was never read is <b>lost</b> (invalid) when the
/// drain finished its queue or some read of the queue reached a higher offset than its acknowledged one, and
/// <b>unseen</b> (only counted) otherwise. A send that ended <c>info</c> (or never ended) and was read is
/// <b>recovered</b> (counted, fine); one that ended <c>fail</c> and was read is <see cref="FailedButRead"/>.
/// </remarks>
public static class HistoryChecker
{
    /// <summary>Checks <paramref name="history"/>, operations in the order they were written.</summary>
    public static CheckResult Check(IEnumerable<Operation> history, CheckerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        options ??= CheckerOptions.Default;
        options.Validate();
        var analysis = new HistoryAnalysis(options.MaxAnomaliesPerKind);
        foreach (var operation in history)
        {
            analysis.Apply(operation);
        }

        return analysis.Finish();
    }

    /// <summary>Reads and checks a history.jsonl file; throws <see cref="HistoryFormatException"/> on a bad line.
    /// </summary>
    public static CheckResult CheckFile(string historyPath, CheckerOptions? options = null) =>
        Check(HistoryReader.ReadFile(historyPath), options);
}
