using System.Diagnostics;
using System.Net;
using System.Text;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger.Tests.Groups;

namespace RocketMQ.DLedger.Tests.Properties;

/// <summary>What a schedule left behind, ready for <see cref="ReplicaHistoryChecker"/>.</summary>
/// <param name="Acknowledged">Every append reported committed (markers included).</param>
/// <param name="Refused">Payloads of appends answered NotLeader, TooLarge or Unavailable (nothing appended).</param>
/// <param name="Finals">Each member's whole history after recovery. Nothing is appended after the marker and
/// nothing above it can commit without a new append, so every member stops at the same record.</param>
/// <param name="Crashed">The history of every incarnation that was stopped during the schedule.</param>
/// <param name="Statuses">How many appends ended with each status.</param>
/// <param name="MarkerIndex">Where the final marker committed.</param>
/// <param name="UnknownButApplied">Appends answered OutcomeUnknown whose record committed after all.</param>
internal sealed record ScheduleOutcome(IReadOnlyList<Acknowledgement> Acknowledged, IReadOnlyList<string> Refused,
    IReadOnlyList<ReplicaHistory> Finals, IReadOnlyList<ReplicaHistory> Crashed,
    IReadOnlyDictionary<AppendStatus, int> Statuses, long MarkerIndex, int UnknownButApplied);

/// <summary>
/// Plays a schedule against a <see cref="TestGroup"/>, then recovers it: heal all, restart every stopped member,
/// await every outstanding append, commit one marker through a leader and wait until every member applied it.
/// Every wait has a deadline and waits on an event (role change, apply); nothing sleeps.
/// </summary>
/// <remarks>Not thread-safe: one schedule at a time. The group is owned (and disposed) by the caller.</remarks>
internal sealed class ScheduleRunner(TestGroup group)
{
    /// <summary>How long appends may stay outstanding once the group is healed (lease loss takes ~1–2 s).</summary>
    public static readonly TimeSpan OutstandingDeadline = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(20);
    /// <summary>Bounds starting, stopping and the first election: a hang fails the seed, not the run.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);
    private const int MaxMarkerAttempts = 50;

    private readonly List<(string Payload, string Target, Task<AppendResult> Result)> _appends = [];
    private readonly List<ReplicaHistory> _crashed = [];
    private readonly Dictionary<string, int> _crashCounts = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>What happened, step by step, with every member's state after each step.</summary>
    public StringBuilder Trace { get; } = new();

    public async Task RunAsync(IReadOnlyList<ScheduleStep> steps)
    {
        await group.StartAllAsync().WaitAsync(StartDeadline);
        await group.WaitForLeaderAsync(StartDeadline);
        Note("started");
        for (var i = 0; i < steps.Count; i++)
        {
            var detail = await ExecuteAsync(i, steps[i]);
            Note($"{i,2}: {steps[i]}{detail}");
        }
    }

    public async Task<ScheduleOutcome> RecoverAsync()
    {
        group.Network.HealAll();
        foreach (var id in group.Ids.Where(id => !IsRunning(id)).ToList())
        {
            await group.StartAsync(id).WaitAsync(StartDeadline);
        }

        Note("recovery: healed all, every member running");
        await AwaitOutstandingAsync();
        var marker = await CommitMarkerAsync();
        await group.WaitForAppliedAsync(marker.Index, RecoveryDeadline);
        Note($"recovery: every member applied the marker at {marker.Index}");

        var results = await Task.WhenAll(_appends.Select(a => a.Result));
        var acknowledged = _appends.Zip(results)
            .Where(pair => pair.Second.IsCommitted)
            .Select(pair => new Acknowledgement(pair.First.Payload, pair.Second.Index, pair.Second.Term,
                pair.Second.Ordinal))
            .ToList();
        var refused = _appends.Zip(results)
            .Where(pair => pair.Second.Status is AppendStatus.NotLeader or AppendStatus.TooLarge
                or AppendStatus.Unavailable)
            .Select(pair => pair.First.Payload)
            .ToList();
        var finals = group.Ids
            .Select(id => new ReplicaHistory(id, group.Machine(id).Records))
            .ToList();
        var statuses = results.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        var unknown = _appends.Zip(results)
            .Where(pair => pair.Second.Status == AppendStatus.OutcomeUnknown)
            .Select(pair => pair.First.Payload)
            .ToHashSet(StringComparer.Ordinal);
        var unknownButApplied = finals[0].Records.Count(r => unknown.Contains(r.Text));
        return new ScheduleOutcome(acknowledged, refused, finals, _crashed, statuses, marker.Index,
            unknownButApplied);
    }

    private async Task<string> ExecuteAsync(int position, ScheduleStep step)
    {
        var network = group.Network;
        switch (step.Kind)
        {
            case StepKind.AppendBurst:
                return AppendBurst(position, step);
            case StepKind.Isolate:
                network.Isolate(EndPoint(step.Node));
                return "";
            case StepKind.Partition:
                var side = step.Other < 0 ? new[] { step.Node } : [step.Node, step.Other];
                var rest = Enumerable.Range(0, group.Ids.Count).Except(side);
                network.Partition([.. side.Select(EndPoint)], [.. rest.Select(EndPoint)]);
                return "";
            case StepKind.DropOneWay:
                network.DropOneWay(EndPoint(step.Node), EndPoint(step.Other));
                return "";
            case StepKind.HealAll:
                network.HealAll();
                return "";
            case StepKind.Stop:
                await CrashAsync(group.Ids[step.Node]);
                return "";
            case StepKind.Restart:
                await group.StartAsync(group.Ids[step.Node]).WaitAsync(StartDeadline);
                return "";
            case StepKind.WaitForRoleChange:
                var waited = _clock.ElapsedMilliseconds;
                await group.WaitForRoleChangeAsync(TimeSpan.FromMilliseconds(step.Count));
                return $" (returned after {_clock.ElapsedMilliseconds - waited} ms)";
            case StepKind.WaitForApply:
                return await WaitForApplyAsync(TimeSpan.FromMilliseconds(step.Count));
            case StepKind.WaitForLeader:
                return await WaitForLeaderAsync(TimeSpan.FromMilliseconds(step.Count));
            default:
                throw new InvalidOperationException($"unknown step {step}");
        }
    }

    private string AppendBurst(int position, ScheduleStep step)
    {
        var target = ChooseTarget(step);
        if (target is null)
        {
            return " (skipped: target is stopped)";
        }

        var node = group.Node(target);
        for (var k = 0; k < step.Count; k++)
        {
            var payload = $"s{position}-r{k}";
            _appends.Add((payload, target, node.AppendTextAsync(payload).AsTask()));
        }

        return $" -> {target}";
    }

    /// <summary>The node the schedule named, or a leader (several may claim it for a while; the step's pick
    /// chooses), or with no leader any running node (which answers NotLeader).</summary>
    private string? ChooseTarget(ScheduleStep step)
    {
        if (step.Node >= 0)
        {
            var id = group.Ids[step.Node];
            return IsRunning(id) ? id : null;
        }

        var running = group.Running.OrderBy(n => n.SelfId, StringComparer.Ordinal).ToList();
        var leaders = running.Where(n => n.State.IsLeader).ToList();
        var pool = leaders.Count > 0 ? leaders : running;
        return pool[step.Other % pool.Count].SelfId;
    }

    private async Task CrashAsync(string id)
    {
        var machine = group.Machine(id);
        await group.StopAsync(id).WaitAsync(StartDeadline);
        var incarnation = _crashCounts.GetValueOrDefault(id);
        _crashCounts[id] = incarnation + 1;
        _crashed.Add(new ReplicaHistory($"{id}#{incarnation}", machine.Records));
    }

    private async Task<string> WaitForApplyAsync(TimeSpan timeout)
    {
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnApplied(long index) => applied.TrySetResult();
        var machines = group.Running.Select(n => group.Machine(n.SelfId)).ToList();
        machines.ForEach(m => m.Applied += OnApplied);
        var waited = _clock.ElapsedMilliseconds;
        try
        {
            await applied.Task.WaitAsync(timeout);
            return $" (applied after {_clock.ElapsedMilliseconds - waited} ms)";
        }
        catch (TimeoutException)
        {
            // Nothing applied within the step's deadline: a legitimate outcome (no leader, no majority).
            return " (nothing applied)";
        }
        finally
        {
            machines.ForEach(m => m.Applied -= OnApplied);
        }
    }

    private async Task<string> WaitForLeaderAsync(TimeSpan timeout)
    {
        var waited = _clock.ElapsedMilliseconds;
        try
        {
            var leader = await group.WaitForLeaderAsync(timeout);
            return $" ({leader.SelfId} after {_clock.ElapsedMilliseconds - waited} ms)";
        }
        catch (TimeoutException)
        {
            // No single leader within the step's deadline: legitimate while faults leave no majority.
            return " (no single leader)";
        }
    }

    private async Task AwaitOutstandingAsync()
    {
        try
        {
            await Task.WhenAll(_appends.Select(a => a.Result)).WaitAsync(OutstandingDeadline);
        }
        catch (TimeoutException)
        {
            var stuck = _appends.Where(a => !a.Result.IsCompleted).Select(a => $"{a.Payload}@{a.Target}").ToList();
            throw new TimeoutException($"{stuck.Count} append(s) still outstanding {OutstandingDeadline.TotalSeconds}" +
                $" s after the heal: {string.Join(", ", stuck.Take(20))}; {group.Describe()}");
        }

        Note($"recovery: all {_appends.Count} appends completed");
    }

    /// <summary>Commits one marker; a leader that loses its lease meanwhile answers NotLeader or OutcomeUnknown,
    /// so the marker is retried (with a fresh payload) once roles change.</summary>
    private async Task<AppendResult> CommitMarkerAsync()
    {
        var deadline = _clock.Elapsed + RecoveryDeadline;
        for (var attempt = 0; attempt < MaxMarkerAttempts && _clock.Elapsed < deadline; attempt++)
        {
            var leader = await group.WaitForLeaderAsync(deadline - _clock.Elapsed);
            var payload = $"marker-{attempt}";
            var task = leader.AppendTextAsync(payload).AsTask();
            _appends.Add((payload, leader.SelfId, task));
            var result = await task.WaitAsync(OutstandingDeadline);
            Note($"recovery: {payload} on {leader.SelfId}: {result.Status} at {result.Index}/{result.Ordinal}");
            if (result.IsCommitted)
            {
                return result;
            }

            await group.WaitForRoleChangeAsync(TimeSpan.FromMilliseconds(500));
        }

        throw new TimeoutException($"no marker committed within {RecoveryDeadline.TotalSeconds} s: " +
            group.Describe());
    }

    private bool IsRunning(string id) => group.Running.Any(n => n.SelfId == id);

    private EndPoint EndPoint(int position) => TestGroup.EndPointOf(group.Ids[position]);

    private void Note(string text) =>
        Trace.AppendLine($"{_clock.ElapsedMilliseconds,6} ms  {text}  [{group.Describe()}]");
}
