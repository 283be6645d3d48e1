using RocketMQ.DLedger.Bench.Protocol;

namespace RocketMQ.DLedger.Bench.Driver;

/// <summary>The end-of-run check: nothing acknowledged is missing, and the replicas applied the same sequence.
/// </summary>
public sealed partial class FailoverRun
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan VerifyDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Returns how many acknowledged ids the leader never applied, and whether every member applied the
    /// same records in the same order and holds every acknowledged id; prints each member's view.</summary>
    private async Task<(long Lost, bool Consistent)> VerifyAsync(BenchClient client, CancellationToken stop)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(stop);
        lifetime.CancelAfter(VerifyDeadline);
        var leaders = new LeaderTracker(client, settings.Targets, lifetime.Token);
        var leader = await leaders.GetLeaderAsync(lifetime.Token);
        var final = await WaitForQuietAsync(client, leader, lifetime.Token);
        var acknowledged = _watch.AllAcknowledgedIds();
        var lost = await client.CountMissingAsync(leader, acknowledged, lifetime.Token);
        var consistent = true;
        foreach (var target in settings.Targets)
        {
            var digest = await client.AwaitAppliedAsync(target, final.LastIndex, TimeSpan.FromSeconds(30),
                lifetime.Token);
            var missing = await client.CountMissingAsync(target, acknowledged, lifetime.Token);
            var same = digest.SameAppliedAs(final);
            consistent &= same && missing == 0;
            Console.WriteLine($"node {digest} missing_acked={missing} same_as_leader={(same ? "yes" : "NO")}");
        }

        Console.WriteLine(FormattableString.Invariant(
            $"acked_ids={acknowledged.Count} leader={final.SelfId} replicas_consistent={(consistent ? "yes" : "NO")}"));
        return (lost, consistent);
    }

    /// <summary>Appends cancelled by the driver may still commit: wait until the leader's applied state stops
    /// moving, so every member can be compared at the same index.</summary>
    private static async Task<NodeDigest> WaitForQuietAsync(BenchClient client, string leader, CancellationToken token)
    {
        var previous = await client.GetDigestAsync(leader, token);
        while (true)
        {
            await Task.Delay(QuietPeriod, token);
            var current = await client.GetDigestAsync(leader, token);
            if (current.SameAppliedAs(previous))
            {
                return current;
            }

            previous = current;
        }
    }
}
