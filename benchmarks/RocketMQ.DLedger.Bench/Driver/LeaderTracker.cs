using RocketMQ.DLedger.Bench.Protocol;

namespace RocketMQ.DLedger.Bench.Driver;

/// <summary>
/// Knows which member leads: follows NotLeader redirects, and when the leader is unknown asks every member for
/// its STATE (one discovery at a time, shared by all callers) until one says it leads.
/// </summary>
/// <remarks>Thread-safe. Discovery runs until it finds a leader or <c>lifetime</c> is cancelled.</remarks>
public sealed class LeaderTracker(BenchClient client, IReadOnlyList<string> targets, CancellationToken lifetime)
{
    /// <summary>Pause between discovery rounds while no member leads (an election is a few hundred ms).</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(20);

    private readonly Lock _gate = new();
    private string? _leader;
    private Task<string>? _discovery;

    public IReadOnlyList<string> Targets => targets;

    /// <summary>The leader's address if known, else null.</summary>
    public string? Current => Volatile.Read(ref _leader);

    /// <summary>The leader's address, discovering it first if unknown.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> or the lifetime was cancelled.</exception>
    public Task<string> GetLeaderAsync(CancellationToken token)
    {
        if (Volatile.Read(ref _leader) is { } known)
        {
            return Task.FromResult(known);
        }

        lock (_gate)
        {
            if (_discovery is null || _discovery.IsCompleted)
            {
                _discovery = DiscoverAsync();
            }

            return _discovery.WaitAsync(token);
        }
    }

    /// <summary><paramref name="from"/> said it does not lead and named <paramref name="to"/>: use that member if it
    /// is one of the targets, else forget <paramref name="from"/> so the next caller discovers.</summary>
    public void Redirect(string from, string? to)
    {
        if (to is not null && !string.Equals(to, from, StringComparison.Ordinal) && targets.Contains(to))
        {
            Interlocked.CompareExchange(ref _leader, to, from);
        }
        else
        {
            Forget(from);
        }
    }

    /// <summary>Stops using <paramref name="address"/> as the leader (unless someone already moved on).</summary>
    public void Forget(string address) => Interlocked.CompareExchange(ref _leader, null, address);

    /// <summary>Asks every member for its STATE at once (all answers, null for silent ones).</summary>
    public Task<NodeState?[]> ProbeAllAsync(CancellationToken token) =>
        Task.WhenAll(targets.Select(t => client.TryGetStateAsync(t, token)));

    private async Task<string> DiscoverAsync()
    {
        while (true)
        {
            var states = await ProbeAllAsync(lifetime).ConfigureAwait(false);
            var leader = states.Where(s => s is { IsLeader: true }).MaxBy(s => s!.Term);
            if (leader is not null)
            {
                Volatile.Write(ref _leader, leader.Address);
                return leader.Address;
            }

            await Task.Delay(ProbeInterval, lifetime).ConfigureAwait(false);
        }
    }
}
