using RocketMQ.Jepsen.Checker;

namespace RocketMQ.Jepsen.Tests.Checker;

/// <summary>
/// Faults a consumer shows rather than the log: applied to a finished correct history, each to one consumer poll
/// (never the drain's, so every value stays read somewhere and nothing else changes).
/// </summary>
internal static class HistoryFaults
{
    private const int FirstDrainProcess = 2000;

    public static void Inject(List<Operation> history, AnomalyKind fault, int seed)
    {
        switch (fault)
        {
            case AnomalyKind.NonmonotonicPoll:
                // The broker hands one record twice in a row: an offset that does not rise.
                EditPoll(history, seed, minReads: 1, reads =>
                {
                    var at = seed % reads.Count;
                    reads.Insert(at + 1, reads[at]);
                });
                break;
            case AnomalyKind.PollSkip:
                // The poll starts one past the offset asked for, which holds a value the drain read.
                EditPoll(history, seed, minReads: 2, reads => reads.RemoveAt(0));
                break;
            case AnomalyKind.InconsistentOffsets:
                // Another value (sent, outcome unknown, read nowhere else) shows up at an offset that holds one.
                var substitute = SimulatedRun.SubstituteValueBase + seed % 1000;
                EditPoll(history, seed, minReads: 1, reads =>
                {
                    var at = seed % reads.Count;
                    reads[at] = reads[at] with { Value = substitute };
                });
                history.Insert(0, new Operation(0, 99, OperationType.Invoke, OperationFunction.Send, 0, substitute));
                history.Insert(1, new Operation(0, 99, OperationType.Info, OperationFunction.Send, 0, substitute));
                break;
        }
    }

    private static void EditPoll(List<Operation> history, int seed, int minReads, Action<List<ReadEntry>> edit)
    {
        var candidates = Enumerable.Range(0, history.Count).Where(index => history[index] is
        {
            Function: OperationFunction.Poll, Type: OperationType.Ok, Process: < FirstDrainProcess, Reads: { } reads,
        } && reads.Count >= minReads).ToList();
        var chosen = candidates[seed % candidates.Count];
        var edited = history[chosen].Reads!.ToList();
        edit(edited);
        history[chosen] = history[chosen] with { Reads = edited };
    }
}
