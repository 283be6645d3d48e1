using System.Runtime.InteropServices;

namespace RocketMQ.Jepsen.Checker;

/// <summary>
/// The checker's state during its one pass. <see cref="Apply"/> takes operations in history order and records
/// sends, positions and per-consumer progress, reporting what one operation can prove on its own (conflicts at a
/// position, nonmonotonic offsets); <see cref="Finish"/> then decides what needs the whole history (lost, unseen,
/// skips over data, unexpected values). Single-threaded; one instance per history.
/// </summary>
internal sealed partial class HistoryAnalysis
{
    private readonly AnomalyCollector _anomalies;

    // Send state by the (unique) value sent, in invoke order so results list sends in the order they were made.
    private readonly Dictionary<long, SendRecord> _sends = [];
    private readonly Dictionary<long, string?> _failErrors = [];

    // The open invoke of each process: a process runs one operation at a time (FORMATS.md).
    private readonly Dictionary<int, Operation> _pending = [];

    // The last acknowledged send of each (process, queue), for nonmonotonic-send.
    private readonly Dictionary<(int Process, int Queue), (Seen Ack, long Value)> _lastAck = [];

    private readonly SortedSet<int> _queues = [];
    private readonly Dictionary<int, long> _drainEnd = [];

    public HistoryAnalysis(int maxAnomaliesPerKind) => _anomalies = new AnomalyCollector(maxAnomaliesPerKind);

    public void Apply(in Operation operation)
    {
        if (operation.Queue is { } queue)
        {
            _queues.Add(queue);
        }

        switch (operation.Function)
        {
            case OperationFunction.Send when operation.Type == OperationType.Invoke:
                _pending[operation.Process] = operation;
                BeginSend(operation);
                break;
            case OperationFunction.Send:
                EndSend(operation, TakePending(operation.Process, OperationFunction.Send));
                break;
            case OperationFunction.Poll when operation.Type == OperationType.Invoke:
                _pending[operation.Process] = operation;
                break;
            case OperationFunction.Poll:
                var invoke = TakePending(operation.Process, OperationFunction.Poll);
                if (operation.Type == OperationType.Ok)
                {
                    EndPoll(operation, invoke);
                }

                break;
            case OperationFunction.Drain when operation is { Type: OperationType.Ok, Queue: { } drained }:
                // The drain read every offset below its end; a second drain of a queue can only reach further.
                _drainEnd[drained] = Math.Max(_drainEnd.GetValueOrDefault(drained), operation.Offset ?? 0);
                break;
        }
    }

    private Operation? TakePending(int process, OperationFunction function)
    {
        if (_pending.Remove(process, out var invoke) && invoke.Function == function)
        {
            return invoke;
        }

        return null;
    }

    private void BeginSend(in Operation invoke)
    {
        if (invoke is not { Value: { } value, Queue: { } queue })
        {
            return;
        }

        // Values are unique per run; a repeated invoke of one value is the runner's bug, the first one counts.
        ref var send = ref CollectionsMarshal.GetValueRefOrAddDefault(_sends, value, out var exists);
        if (!exists)
        {
            send = new SendRecord(queue, invoke.Process, SendStatus.Pending, -1, invoke.TimeMs, invoke.TimeMs);
        }
    }

    private void EndSend(in Operation completion, Operation? invoke)
    {
        var value = completion.Value ?? invoke?.Value;
        var queue = completion.Queue ?? invoke?.Queue;
        if (value is not { } sent || queue is not { } sentQueue)
        {
            return;
        }

        ref var send = ref CollectionsMarshal.GetValueRefOrAddDefault(_sends, sent, out var exists);
        if (!exists)
        {
            // A completion without its invoke still says the send was attempted.
            send = new SendRecord(sentQueue, completion.Process, SendStatus.Pending, -1, completion.TimeMs,
                completion.TimeMs);
        }

        send.CompleteTimeMs = completion.TimeMs;
        switch (completion.Type)
        {
            case OperationType.Ok:
                send.Status = SendStatus.Ok;
                send.AckOffset = completion.Offset ?? -1;
                if (send.AckOffset >= 0)
                {
                    var seen = new Seen(sentQueue, send.AckOffset, completion.Process, completion.TimeMs,
                        SightingSource.Send);
                    Observe(sent, seen);
                    CheckSendOrder(sent, seen);
                }

                break;
            case OperationType.Fail:
                send.Status = SendStatus.Fail;
                _failErrors[sent] = completion.Error;
                break;
            default:
                send.Status = SendStatus.Info;
                break;
        }
    }

    // Jepsen's nonmonotonic-send: one producer's successive acknowledged sends to a queue must get rising offsets,
    // since it sends the next only after the previous was appended.
    private void CheckSendOrder(long value, Seen ack)
    {
        var key = (ack.Process, ack.Queue);
        if (_lastAck.TryGetValue(key, out var previous) && ack.Offset <= previous.Ack.Offset)
        {
            _anomalies.Add(new NonmonotonicSend(ack.Queue, ack.Process, previous.Value, previous.Ack.Offset,
                previous.Ack.TimeMs, value, ack.Offset, ack.TimeMs));
        }

        _lastAck[key] = (ack, value);
    }

    private enum SendStatus : byte
    {
        Pending,
        Ok,
        Fail,
        Info,
    }

    private struct SendRecord(int queue, int process, SendStatus status, long ackOffset, double invokeTimeMs,
        double completeTimeMs)
    {
        public readonly int Queue = queue;
        public readonly int Process = process;
        public readonly double InvokeTimeMs = invokeTimeMs;
        public SendStatus Status = status;
        public long AckOffset = ackOffset;
        public double CompleteTimeMs = completeTimeMs;
    }

    /// <summary>A sighting without its value (the value is the dictionary key), to keep per-value state small.
    /// </summary>
    private readonly record struct Seen(int Queue, long Offset, int Process, double TimeMs, SightingSource Source)
    {
        public Sighting With(long value) => new(Queue, Offset, value, Source, Process, TimeMs);
    }
}
