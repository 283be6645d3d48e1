namespace RocketMQ.DLedger.Tests.Properties;

/// <summary>What one step of a random schedule does to an in-process group.</summary>
internal enum StepKind
{
    /// <summary><see cref="ScheduleStep.Count"/> concurrent appends of unique payloads, not awaited.</summary>
    AppendBurst,

    /// <summary>Cuts <see cref="ScheduleStep.Node"/> from every other node, both ways.</summary>
    Isolate,

    /// <summary>Cuts {<see cref="ScheduleStep.Node"/>[, <see cref="ScheduleStep.Other"/>]} from the rest.</summary>
    Partition,

    /// <summary>Loses what <see cref="ScheduleStep.Node"/> sends to <see cref="ScheduleStep.Other"/>.</summary>
    DropOneWay,

    /// <summary>Restores every link.</summary>
    HealAll,

    /// <summary>Crashes (disposes) <see cref="ScheduleStep.Node"/>; its directory stays for the restart.</summary>
    Stop,

    /// <summary>Starts a stopped node again on its directory, with a fresh state machine rebuilt by replay.</summary>
    Restart,

    /// <summary>Waits up to <see cref="ScheduleStep.Count"/> ms for the next role change of any node.</summary>
    WaitForRoleChange,

    /// <summary>Waits up to <see cref="ScheduleStep.Count"/> ms for the next apply on any node.</summary>
    WaitForApply,

    /// <summary>Waits (on role changes) up to <see cref="ScheduleStep.Count"/> ms until one node leads.</summary>
    WaitForLeader,
}

/// <summary>
/// One step. <see cref="Node"/> and <see cref="Other"/> are member positions (n0, n1, …); for an append burst
/// <see cref="Node"/> is -1 for "whoever leads now" and <see cref="Other"/> picks among several claimed leaders
/// (a stale one included) or, with none, among running nodes, so that choice is part of the seed too.
/// </summary>
internal readonly record struct ScheduleStep(StepKind Kind, int Node = -1, int Other = -1, int Count = 0)
{
    public override string ToString() => Kind switch
    {
        StepKind.AppendBurst => $"append {Count} -> {(Node < 0 ? $"leader(pick {Other})" : $"n{Node}")}",
        StepKind.Isolate => $"isolate n{Node}",
        StepKind.Partition => Other < 0 ? $"partition {{n{Node}}} | rest" : $"partition {{n{Node},n{Other}}} | rest",
        StepKind.DropOneWay => $"drop n{Node} -> n{Other}",
        StepKind.HealAll => "heal all",
        StepKind.Stop => $"stop n{Node}",
        StepKind.Restart => $"restart n{Node}",
        StepKind.WaitForRoleChange => $"wait role change <= {Count} ms",
        StepKind.WaitForApply => $"wait apply <= {Count} ms",
        StepKind.WaitForLeader => $"wait leader <= {Count} ms",
        _ => Kind.ToString(),
    };
}

/// <summary>
/// Draws schedules from one seed: the same (seed, group size) always gives the same steps, so a failing seed
/// replays the same schedule (the thread interleaving of the real group is not replayed; rerun a few times).
/// </summary>
/// <remarks>Fault model: links cut both ways or one way, whole-node isolation, crashes of at most a minority at
/// once (the generator tracks which nodes are down), restarts on the same directory. Network faults may leave no
/// majority for a while; the runner heals everything at the end, so the group can always recover.</remarks>
internal static class ScheduleGenerator
{
    public const int MinSteps = 15;
    public const int MaxSteps = 30;

    // Weights of each kind; a drawn step that is not possible now (stop at the minority limit, restart with
    // nothing down) is drawn again.
    private static readonly (StepKind Kind, int Weight)[] Weights =
    [
        (StepKind.AppendBurst, 30), (StepKind.WaitForRoleChange, 8), (StepKind.WaitForApply, 10),
        (StepKind.WaitForLeader, 10), (StepKind.Isolate, 5), (StepKind.Partition, 5), (StepKind.DropOneWay, 5),
        (StepKind.HealAll, 9), (StepKind.Stop, 6), (StepKind.Restart, 8),
    ];

    public static IReadOnlyList<ScheduleStep> Generate(int seed, int groupSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 3);
        var random = new Random(seed);
        var length = random.Next(MinSteps, MaxSteps + 1);
        var minority = (groupSize - 1) / 2;
        var stopped = new List<int>();
        var steps = new List<ScheduleStep>(length);
        while (steps.Count < length)
        {
            if (Draw(random, groupSize, minority, stopped) is not { } step)
            {
                continue;
            }

            if (step.Kind == StepKind.Stop)
            {
                stopped.Add(step.Node);
            }
            else if (step.Kind == StepKind.Restart)
            {
                stopped.Remove(step.Node);
            }

            steps.Add(step);
        }

        return steps;
    }

    private static ScheduleStep? Draw(Random random, int size, int minority, List<int> stopped)
    {
        var kind = DrawKind(random);
        switch (kind)
        {
            case StepKind.AppendBurst:
                var toLeader = random.Next(4) != 0;
                return new ScheduleStep(kind, toLeader ? -1 : random.Next(size), random.Next(size),
                    random.Next(1, 9));
            case StepKind.Isolate:
                return new ScheduleStep(kind, random.Next(size));
            case StepKind.Partition:
                var first = random.Next(size);
                var second = minority > 1 && random.Next(2) == 0 ? (first + random.Next(1, size)) % size : -1;
                return new ScheduleStep(kind, first, second);
            case StepKind.DropOneWay:
                var from = random.Next(size);
                return new ScheduleStep(kind, from, (from + random.Next(1, size)) % size);
            case StepKind.Stop:
                var running = Enumerable.Range(0, size).Except(stopped).ToList();
                return stopped.Count < minority ? new ScheduleStep(kind, running[random.Next(running.Count)]) : null;
            case StepKind.Restart:
                return stopped.Count > 0 ? new ScheduleStep(kind, stopped[random.Next(stopped.Count)]) : null;
            case StepKind.WaitForRoleChange:
            case StepKind.WaitForApply:
                return new ScheduleStep(kind, Count: random.Next(50, 601));
            case StepKind.WaitForLeader:
                return new ScheduleStep(kind, Count: random.Next(500, 2001));
            default:
                return new ScheduleStep(kind);
        }
    }

    private static StepKind DrawKind(Random random)
    {
        var roll = random.Next(Weights.Sum(w => w.Weight));
        foreach (var (kind, weight) in Weights)
        {
            if (roll < weight)
            {
                return kind;
            }

            roll -= weight;
        }

        throw new InvalidOperationException("weights exhausted");
    }
}
