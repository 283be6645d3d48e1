using RocketMQ.Jepsen.Checker;

namespace RocketMQ.Jepsen.Tests.Checker;

internal enum SendOutcome
{
    Ok,
    OkWithoutOffset,
    Fail,
    InfoWritten,
    InfoNotWritten,
}

internal abstract record Step;

internal sealed record SendStep(int Producer, int Queue, SendOutcome Outcome) : Step;

/// <summary>A consumer polls up to <see cref="MaxReads"/> values; <see cref="Seek"/>, when set, first moves it back
/// to <c>Seek mod (position + 1)</c>.</summary>
internal sealed record PollStep(int Consumer, int Queue, int MaxReads, int? Seek) : Step;

/// <summary>A run to simulate: the steps in order, and at most one bug the broker (or the history) gets, placed by
/// <see cref="FaultSeed"/>.</summary>
internal sealed record RunPlan(int Queues, IReadOnlyList<Step> Steps, AnomalyKind? Fault, int FaultSeed);

/// <summary>
/// The oracle for the checker properties: a deliberately simple broker (one list per queue, appends and reads never
/// interleave) that turns a <see cref="RunPlan"/> into the history the runner would record, then drains every
/// queue. Without a fault the log is correct, so every history it writes is valid. A fault is injected so that it
/// shows exactly one anomaly class and no other: a lost write is acknowledged without offset and never appended, a
/// duplicate is appended twice, a nonmonotonic send appends a producer's two sends in reverse, and so on.
/// </summary>
internal sealed class SimulatedRun
{
    public const int PhantomValueBase = 1_000_000;
    public const int SubstituteValueBase = 2_000_000;
    private const int CatchUpConsumer = 1999;
    private const int Drainer = 2000;
    private const int DrainChunk = 4;

    private readonly RunPlan _plan;
    private readonly List<long>[] _logs;
    private readonly Dictionary<(int Consumer, int Queue), int> _positions = [];
    private readonly List<Operation> _history = [];
    private double _timeMs;
    private long _nextValue = 1;

    private SimulatedRun(RunPlan plan)
    {
        _plan = plan;
        _logs = Enumerable.Range(0, plan.Queues).Select(_ => new List<long>()).ToArray();
    }

    public SendTally Tally { get; } = new();

    /// <summary>Simulates <paramref name="plan"/>; returns the history and the send outcomes it used.</summary>
    public static (List<Operation> History, SendTally Tally) Run(RunPlan plan)
    {
        var run = new SimulatedRun(plan);
        run.Execute();
        return (run._history, run.Tally);
    }

    private void Execute()
    {
        var sends = _plan.Steps.OfType<SendStep>().Count();
        var faultySend = _plan.FaultSeed % Math.Max(1, sends);
        var sendIndex = 0;
        foreach (var step in _plan.Steps)
        {
            switch (step)
            {
                case SendStep send:
                    Send(send, sendIndex++ == faultySend ? _plan.Fault : null);
                    break;
                case PollStep poll:
                    Poll(1000 + poll.Consumer, poll.Queue, poll.MaxReads, poll.Seek);
                    break;
            }
        }

        // A fresh consumer reads queue 0 whole, so every fault on reads has a consumer poll to land on.
        Poll(CatchUpConsumer, 0, int.MaxValue, seek: 0);
        for (var queue = 0; queue < _plan.Queues; queue++)
        {
            while (Position(Drainer, queue) < _logs[queue].Count)
            {
                Poll(Drainer, queue, DrainChunk, seek: null);
            }

            Add(new Operation(Tick(), Drainer, OperationType.Ok, OperationFunction.Drain, queue,
                Offset: _logs[queue].Count));
        }

        if (_plan.Fault is { } fault)
        {
            HistoryFaults.Inject(_history, fault, _plan.FaultSeed);
        }
    }

    private void Send(SendStep send, AnomalyKind? fault)
    {
        var log = _logs[send.Queue];
        var value = _nextValue++;
        switch (fault)
        {
            case AnomalyKind.LostWrite:
                Complete(send, value, OperationType.Ok, -1);
                return;
            case AnomalyKind.Duplicate:
                log.Add(value);
                log.Add(value);
                Complete(send, value, OperationType.Ok, log.Count - 2);
                return;
            case AnomalyKind.FailedButRead:
                log.Add(value);
                Complete(send, value, OperationType.Fail, null);
                return;
            case AnomalyKind.NonmonotonicSend:
                var later = _nextValue++;
                log.Add(later);
                log.Add(value);
                Complete(send, value, OperationType.Ok, log.Count - 1);
                Complete(send, later, OperationType.Ok, log.Count - 2);
                return;
            case AnomalyKind.Unexpected:
                log.Add(PhantomValueBase + value);
                break;
        }

        switch (send.Outcome)
        {
            case SendOutcome.Ok or SendOutcome.OkWithoutOffset:
                log.Add(value);
                Complete(send, value, OperationType.Ok, send.Outcome == SendOutcome.Ok ? log.Count - 1 : -1);
                break;
            case SendOutcome.Fail:
                Complete(send, value, OperationType.Fail, null);
                break;
            default:
                if (send.Outcome == SendOutcome.InfoWritten)
                {
                    log.Add(value);
                }

                Complete(send, value, OperationType.Info, null);
                break;
        }
    }

    private void Complete(SendStep send, long value, OperationType type, long? offset)
    {
        Tally.Record(type, written: _logs[send.Queue].Contains(value));
        Add(new Operation(Tick(), send.Producer, OperationType.Invoke, OperationFunction.Send, send.Queue, value));
        Add(new Operation(Tick(), send.Producer, type, OperationFunction.Send, send.Queue, value, offset,
            Error: type == OperationType.Ok ? null : "simulated"));
    }

    private void Poll(int process, int queue, int maxReads, int? seek)
    {
        var position = Position(process, queue);
        if (seek is { } target)
        {
            position = target % (position + 1);
        }

        var log = _logs[queue];
        var count = Math.Clamp(log.Count - position, 0, maxReads);
        var reads = Enumerable.Range(position, count).Select(offset => new ReadEntry(offset, log[offset])).ToArray();
        Add(new Operation(Tick(), process, OperationType.Invoke, OperationFunction.Poll, queue, Offset: position));
        Add(new Operation(Tick(), process, OperationType.Ok, OperationFunction.Poll, queue, Reads: reads));
        _positions[(process, queue)] = position + count;
    }

    private int Position(int process, int queue) => _positions.GetValueOrDefault((process, queue));

    private void Add(Operation operation) => _history.Add(operation);

    private double Tick() => _timeMs += 0.5;
}

/// <summary>What the simulated sends did, to compare with the checker's counts.</summary>
internal sealed class SendTally
{
    public long Acknowledged { get; private set; }

    public long Failed { get; private set; }

    public long Indeterminate { get; private set; }

    public long Recovered { get; private set; }

    public long Written { get; private set; }

    public void Record(OperationType type, bool written)
    {
        Acknowledged += type == OperationType.Ok ? 1 : 0;
        Failed += type == OperationType.Fail ? 1 : 0;
        Indeterminate += type == OperationType.Info ? 1 : 0;
        Recovered += type == OperationType.Info && written ? 1 : 0;
        Written += written ? 1 : 0;
    }
}
