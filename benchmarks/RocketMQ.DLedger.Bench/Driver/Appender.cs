using RocketMQ.Common.Replication;
using RocketMQ.DLedger.Bench.Protocol;

namespace RocketMQ.DLedger.Bench.Driver;

/// <summary>An acknowledged append: the member that acknowledged it, where the record sits, and when the
/// acknowledged attempt was sent (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
public readonly record struct AppendAck(string Address, long Index, int Ordinal, int Attempts, long SentAt);

/// <summary>
/// Appends one payload until a leader acknowledges it, as a RocketMQ producer retries a send: follows NotLeader
/// redirects, rediscovers the leader after an unanswered or ambiguous attempt, and sends the same bytes again (so
/// a record may be applied more than once; the driver's checks count distinct payload ids).
/// </summary>
/// <remarks>Thread-safe; counters are totals over every caller.</remarks>
public sealed class Appender(BenchClient client, LeaderTracker leaders)
{
    /// <summary>Pause before retrying after a failure that came without a redirect, so a member that keeps
    /// refusing (disk full, stopping) is not hammered.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    private long _redirects;
    private long _unknownOutcomes;
    private long _unanswered;
    private long _refused;

    public long Redirects => Interlocked.Read(ref _redirects);

    public long UnknownOutcomes => Interlocked.Read(ref _unknownOutcomes);

    public long Unanswered => Interlocked.Read(ref _unanswered);

    public long Refused => Interlocked.Read(ref _refused);

    public override string ToString() => FormattableString.Invariant(
        $"redirects={Redirects} unknown_outcomes={UnknownOutcomes} unanswered={Unanswered} refused={Refused}");

    /// <summary>Retries until acknowledged; null once <paramref name="token"/> is cancelled.</summary>
    /// <exception cref="BenchException">The record is larger than the log accepts.</exception>
    public async Task<AppendAck?> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken token)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var address = await leaders.GetLeaderAsync(token).ConfigureAwait(false);
                var sentAt = System.Diagnostics.Stopwatch.GetTimestamp();
                var reply = await client.AppendAsync(address, payload, token).ConfigureAwait(false);
                if (reply.IsCommitted)
                {
                    return new AppendAck(address, reply.Index, reply.Ordinal, attempt, sentAt);
                }

                await OnFailureAsync(address, reply, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task OnFailureAsync(string address, AppendReply reply, CancellationToken token)
    {
        switch (reply.Status)
        {
            case AppendStatus.NotLeader:
                Interlocked.Increment(ref _redirects);
                leaders.Redirect(address, reply.LeaderAddress);
                return;
            case AppendStatus.TooLarge:
                throw new BenchException($"{address} refused the payload as too large: {reply.Error}");
            case AppendStatus.OutcomeUnknown:
                Interlocked.Increment(ref _unknownOutcomes);
                break;
            case null:
                Interlocked.Increment(ref _unanswered);
                break;
            default:
                Interlocked.Increment(ref _refused);
                break;
        }

        leaders.Forget(address);
        await Task.Delay(RetryDelay, token).ConfigureAwait(false);
    }
}
