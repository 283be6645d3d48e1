using System.Diagnostics;
using System.Text.RegularExpressions;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger.Bench.Driver;
using RocketMQ.DLedger.Bench.Protocol;
using Xunit.Abstractions;

namespace RocketMQ.Integration.Tests;

/// <summary>
/// A three-process DLedger group on loopback (the bench node host): a SIGKILLed leader is replaced and appends go
/// on, the killed node catches up after a restart, no acknowledged append is lost, and the bench drivers still run
/// (at tiny size, so they never rot).
/// </summary>
public sealed partial class DLedgerProcessTests(ITestOutputHelper output)
{
    /// <summary>Appends must resume this soon after the leader dies (measured ~1 s with 300–600 ms timeouts).
    /// </summary>
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Appends_resume_after_the_leader_is_killed_and_the_restarted_node_catches_up_losing_nothing()
    {
        await using var group = new DLedgerProcessGroup();
        await group.StartAllAsync();
        await using var client = new BenchClient(TimeSpan.FromSeconds(5));
        using var lifetime = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var leaders = new LeaderTracker(client, group.Targets, lifetime.Token);
        await using var load = new AppendLoad(new Appender(client, leaders));
        var leaderAddress = await leaders.GetLeaderAsync(lifetime.Token).WaitAsync(Deadline);
        var killed = group.IdOf(leaderAddress);
        load.Start(workers: 8);
        await load.WaitForAcksAsync(200).WaitAsync(Deadline);
        await AssertFollowerRedirectsAsync(client, group, leaderAddress, lifetime.Token);

        var resumed = load.FirstAckFromOtherThan(leaderAddress);
        var killedAt = Stopwatch.GetTimestamp();
        group.Kill(killed);
        var failover = Stopwatch.GetElapsedTime(killedAt, await resumed.WaitAsync(FailoverDeadline));
        output.WriteLine($"killed leader {killed}; first append acknowledged by another member after " +
                         $"{failover.TotalMilliseconds:F0} ms");
        await load.WaitForAcksAsync(load.Acks + 200).WaitAsync(Deadline);

        await group.RestartAsync(killed);
        await load.WaitForAcksAsync(load.Acks + 200).WaitAsync(Deadline);
        await load.StopAsync().WaitAsync(Deadline);

        await AssertReplicasAgreeAndHoldAsync(client, leaders, group, load.AcknowledgedIds, lifetime.Token);
        Assert.All(await group.StopAllAsync(), code => Assert.True(code == 0, group.Describe()));
    }

    [Fact]
    public async Task The_load_and_failover_drivers_run_at_tiny_size()
    {
        await using var group = new DLedgerProcessGroup { RestartKilledNodes = true };
        await group.StartAllAsync();
        var targets = string.Join(',', group.Targets);

        var load = await RunDriverAsync("load", "--targets", targets, "--concurrency", "8", "--payload", "256",
            "--duration", "1s");
        Assert.Matches(LoadResult(), load);

        var failover = await RunDriverAsync("failover", "--targets", targets, "--concurrency", "8", "--payload", "256",
            "--kills", "2", "--settle", "200ms", "--node-pids", group.PidDirectory);
        Assert.Matches(FailoverResult(), failover);
    }

    /// <summary>A follower refuses an APPEND with NotLeader, naming the leader's id and client address.</summary>
    private static async Task AssertFollowerRedirectsAsync(BenchClient client, DLedgerProcessGroup group,
        string leaderAddress, CancellationToken token)
    {
        var follower = group.Targets.First(target => target != leaderAddress);
        var reply = await client.AppendAsync(follower, new byte[16], token);
        Assert.Equal(AppendStatus.NotLeader, reply.Status);
        Assert.Equal(group.IdOf(leaderAddress), reply.LeaderId);
        Assert.Equal(leaderAddress, reply.LeaderAddress);
        Assert.Contains("NotLeader", reply.Error, StringComparison.Ordinal);
    }

    /// <summary>Once the leader's applied state is final, every member applied exactly the same records, and none
    /// misses an acknowledged id.</summary>
    private async Task AssertReplicasAgreeAndHoldAsync(BenchClient client, LeaderTracker leaders,
        DLedgerProcessGroup group, IReadOnlyList<long> acknowledged, CancellationToken token)
    {
        // Every append has been answered (StopAsync), so the leader's state no longer moves.
        var leader = await client.GetDigestAsync(await leaders.GetLeaderAsync(token), token);
        Assert.True(leader.DistinctIds >= acknowledged.Count, $"leader {leader}, {acknowledged.Count} acknowledged");
        foreach (var target in group.Targets)
        {
            var digest = await client.AwaitAppliedAsync(target, leader.LastIndex, Deadline, token);
            output.WriteLine($"{digest}");
            Assert.True(digest.Reached, $"{digest} did not reach {leader.LastIndex}\n{group.Describe()}");
            Assert.True(digest.SameAppliedAs(leader), $"{digest} differs from the leader's {leader}");
            Assert.Equal(0, await client.CountMissingAsync(target, acknowledged, token));
        }
    }

    /// <summary>Runs a bench driver to completion and returns its last result line.</summary>
    private async Task<string> RunDriverAsync(params string[] arguments)
    {
        await using var driver = HostProcess.Start("RocketMQ.DLedger.Bench", arguments);
        var exitCode = await driver.Exited.WaitAsync(TimeSpan.FromSeconds(90));
        output.WriteLine(driver.Output);
        Assert.True(exitCode == 0, $"driver exited with {exitCode}:\n{driver.Output}");

        // Standard error (progress) and output are merged; the result is the last line with a result's shape.
        return driver.Output.Split('\n', StringSplitOptions.TrimEntries)
            .Last(line => line.StartsWith("appends_per_s=", StringComparison.Ordinal) ||
                          line.StartsWith("failover_ms_p50=", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^appends_per_s=[1-9]\d* p50_ms=\d+\.\d{3} p99_ms=\d+\.\d{3} p999_ms=\d+\.\d{3}$")]
    private static partial Regex LoadResult();

    [GeneratedRegex(@"^failover_ms_p50=\d+ failover_ms_p99=\d+ lost_acked=0$")]
    private static partial Regex FailoverResult();
}
