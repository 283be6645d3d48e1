using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using RocketMQ.DLedger.Bench.Protocol;

namespace RocketMQ.DLedger.Bench.Driver;

/// <summary>
/// The <c>failover</c> driver: under closed-loop load, SIGKILLs the current leader <c>kills</c> times; each time it
/// measures kill → first acknowledgement of an append sent after the kill (by whichever member leads next, the
/// restarted one included), then waits until the killed node was restarted (by whoever supervises it) and caught up,
/// and lets the load settle. At the end it checks that every acknowledged payload id was applied by the group.
/// Prints, last: <c>failover_ms_p50=… failover_ms_p99=… lost_acked=…</c>.
/// </summary>
public sealed partial class FailoverRun(FailoverSettings settings)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(60);
    private readonly FailoverWatch _watch = new();
    private readonly NodePids _pids = new(settings.PidDirectory);
    private long _nextId;

    public async Task<int> RunAsync(CancellationToken stop)
    {
        settings.Validate();
        await using var client = new BenchClient(settings.AppendTimeout);
        using var load = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var leaders = new LeaderTracker(client, settings.Targets, load.Token);
        var appender = new Appender(client, leaders);
        await leaders.GetLeaderAsync(stop).WaitAsync(FailoverDeadline, stop);
        var workers = Enumerable.Range(0, settings.Concurrency)
            .Select(_ => Task.Run(() => WorkAsync(appender, load.Token))).ToArray();

        var failoverMs = new List<double>();
        try
        {
            for (var kill = 1; kill <= settings.Kills; kill++)
            {
                failoverMs.Add(await KillLeaderOnceAsync(client, leaders, kill, stop));
            }
        }
        finally
        {
            await load.CancelAsync();
            await Task.WhenAll(workers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Console.WriteLine(FormattableString.Invariant($"appends acked={_watch.Acks} {appender}"));
        var (lost, consistent) = await VerifyAsync(client, stop);
        failoverMs.Sort();
        Console.WriteLine(FormattableString.Invariant(
            $"failover_ms_p50={Percentile(failoverMs, 0.5):F0} failover_ms_p99={Percentile(failoverMs, 0.99):F0} ") +
            FormattableString.Invariant($"lost_acked={lost}"));
        return lost > 0 ? 3 : consistent ? 0 : 4;
    }

    private async Task WorkAsync(Appender appender, CancellationToken token)
    {
        var acknowledged = _watch.NewWorkerLog();
        while (!token.IsCancellationRequested)
        {
            // A fresh buffer per record: a timed-out copy still queued must never carry a later id.
            var payload = new byte[settings.PayloadBytes];
            var id = Interlocked.Increment(ref _nextId);
            BinaryPrimitives.WriteInt64LittleEndian(payload, id);
            var ack = await appender.AppendAsync(payload, token).ConfigureAwait(false);
            if (ack is not { } acked)
            {
                return;
            }

            acknowledged.Add(id);
            _watch.OnAck(acked);
        }
    }

    /// <summary>One kill: waits for a healthy group, kills the leader, returns kill → first new ack in ms.</summary>
    private async Task<double> KillLeaderOnceAsync(BenchClient client, LeaderTracker leaders, int kill,
        CancellationToken stop)
    {
        var leader = await WaitForHealthyGroupAsync(leaders, stop);
        var pid = _pids.LiveNode(leader.SelfId) ?? throw new BenchException(
            $"no live pid for leader {leader.SelfId} in {settings.PidDirectory}/{leader.SelfId}.pid");
        NodePids.Kill(pid);

        // Taken after the kill: an append sent from now on can only be acknowledged by a live leader.
        var killedAt = Stopwatch.GetTimestamp();
        var firstAck = _watch.Arm(killedAt);
        var wallClock = DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture); // to match node logs
        (AppendAck Ack, long ReceivedAt) first;
        try
        {
            first = await firstAck.WaitAsync(FailoverDeadline, stop);
        }
        catch (TimeoutException)
        {
            throw new BenchException($"no append was acknowledged within {FailoverDeadline} of killing the leader");
        }
        finally
        {
            _watch.Disarm();
        }

        var failover = Stopwatch.GetElapsedTime(killedAt, first.ReceivedAt).TotalMilliseconds;
        var newLeader = first.Ack.Address == leader.Address ? $"{first.Ack.Address} (restarted and re-elected)"
            : first.Ack.Address;
        var backAfter = await WaitForRestartAsync(client, leader, pid, killedAt, stop);
        var caughtUp = await WaitForCatchUpAsync(client, leaders, leader, stop);
        Console.WriteLine(FormattableString.Invariant(
            $"kill {kill}/{settings.Kills} at {wallClock}: leader {leader.SelfId} (pid {pid}, term {leader.Term}) ") +
            FormattableString.Invariant($"-> first ack {failover:F0} ms later from {newLeader}; ") +
            FormattableString.Invariant($"back (serving) {backAfter:F0} ms after the kill, caught up: {caughtUp}"));
        return failover;
    }

    /// <summary>Every member answers, one leads and the others follow it; then the load runs for the settle time.
    /// </summary>
    private async Task<NodeState> WaitForHealthyGroupAsync(LeaderTracker leaders, CancellationToken stop)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(settings.RestartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var states = await leaders.ProbeAllAsync(stop);
            var leader = states.SingleOrDefault(s => s is { IsLeader: true }, null);
            if (leader is not null && states.All(s => s is not null && s.Term == leader.Term &&
                    s.LeaderId == leader.SelfId))
            {
                var acks = _watch.Acks;
                await Task.Delay(settings.Settle, stop);
                if (_watch.Acks > acks)
                {
                    // The leader may have changed during the settle time: re-check before returning it.
                    var again = await leaders.ProbeAllAsync(stop);
                    if (again.Any(s => s is { IsLeader: true } && s.SelfId == leader.SelfId && s.Term == leader.Term))
                    {
                        return leader;
                    }
                }
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new BenchException("the group did not become healthy (all up, one leader, load moving): " +
                                         string.Join(", ", states.Select(s => s?.ToString() ?? "no answer")));
            }

            await Task.Delay(PollInterval, stop);
        }
    }

    /// <summary>Waits until the killed member runs again (a new live pid) and answers STATE; returns ms since the
    /// kill (an upper bound: it is checked only once the failover was measured).</summary>
    private async Task<double> WaitForRestartAsync(BenchClient client, NodeState killed, int oldPid, long killedAt,
        CancellationToken stop)
    {
        while (true)
        {
            if (_pids.LiveNode(killed.SelfId) is { } pid && pid != oldPid &&
                await client.TryGetStateAsync(killed.Address, stop) is not null)
            {
                return Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds;
            }

            if (Stopwatch.GetElapsedTime(killedAt) > settings.RestartTimeout)
            {
                throw new BenchException($"{killed.SelfId} was not restarted within {settings.RestartTimeout} (the " +
                                         "driver does not restart nodes; run it under benchmarks/failover-bench.sh)");
            }

            await Task.Delay(PollInterval, stop);
        }
    }

    /// <summary>Waits until the restarted member applied what the leader had applied when it came back.</summary>
    private async Task<string> WaitForCatchUpAsync(BenchClient client, LeaderTracker leaders, NodeState restarted,
        CancellationToken stop)
    {
        var leader = await leaders.GetLeaderAsync(stop);
        var target = await client.GetDigestAsync(leader, stop);
        var started = Stopwatch.GetTimestamp();
        var digest = await client.AwaitAppliedAsync(restarted.Address, target.LastIndex, settings.RestartTimeout, stop);
        return digest.Reached == true
            ? FormattableString.Invariant(
                $"index {target.LastIndex} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms")
            : FormattableString.Invariant($"NO (at {digest.LastIndex} of {target.LastIndex})");
    }

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
}
