using RocketMQ.Jepsen.Checker;

namespace RocketMQ.Jepsen.Tests.Checker;

/// <summary>
/// Writes hand-made histories the way the runner does: each call appends an invoke and its completion, times rising
/// by 1 ms per line, so a test reads as the sequence of operations it checks.
/// </summary>
internal sealed class HistoryBuilder
{
    private readonly List<Operation> _operations = [];
    private double _timeMs;

    public IReadOnlyList<Operation> Operations => _operations;

    public HistoryBuilder Send(int process, int queue, long value, long offset) =>
        SendEnding(process, queue, value, OperationType.Ok, offset, error: null);

    public HistoryBuilder SendFailed(int process, int queue, long value) =>
        SendEnding(process, queue, value, OperationType.Fail, offset: null, "CODE 1: refused");

    public HistoryBuilder SendUnknown(int process, int queue, long value) =>
        SendEnding(process, queue, value, OperationType.Info, offset: null, "timeout");

    /// <summary>A send that was invoked and never completed (the history ended first).</summary>
    public HistoryBuilder SendInvokedOnly(int process, int queue, long value) =>
        Add(new Operation(Tick(), process, OperationType.Invoke, OperationFunction.Send, queue, value));

    public HistoryBuilder SendEnding(int process, int queue, long value, OperationType ending, long? offset,
        string? error)
    {
        Add(new Operation(Tick(), process, OperationType.Invoke, OperationFunction.Send, queue, value));
        return Add(new Operation(Tick(), process, ending, OperationFunction.Send, queue, value, offset,
            Error: error));
    }

    /// <summary>A poll asking for <paramref name="from"/> that received <paramref name="reads"/> in that order.
    /// </summary>
    public HistoryBuilder Poll(int process, int queue, long? from, params (long Offset, long Value)[] reads)
    {
        Add(new Operation(Tick(), process, OperationType.Invoke, OperationFunction.Poll, queue, Offset: from));
        var entries = reads.Select(read => new ReadEntry(read.Offset, read.Value)).ToArray();
        return Add(new Operation(Tick(), process, OperationType.Ok, OperationFunction.Poll, queue, Reads: entries));
    }

    public HistoryBuilder PollFailed(int process, int queue, long from)
    {
        Add(new Operation(Tick(), process, OperationType.Invoke, OperationFunction.Poll, queue, Offset: from));
        return Add(new Operation(Tick(), process, OperationType.Fail, OperationFunction.Poll, queue,
            Error: "no route"));
    }

    /// <summary>The drain's ok line: every offset below <paramref name="endOffset"/> of the queue was read.</summary>
    public HistoryBuilder Drained(int process, int queue, long endOffset) =>
        Add(new Operation(Tick(), process, OperationType.Ok, OperationFunction.Drain, queue, Offset: endOffset));

    public HistoryBuilder Add(Operation operation)
    {
        _operations.Add(operation);
        return this;
    }

    public CheckResult Check(CheckerOptions? options = null) => HistoryChecker.Check(_operations, options);

    private double Tick() => _timeMs += 1;
}
