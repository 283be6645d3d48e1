using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Records;

namespace RocketMQ.Broker.Consuming.Offsets;

/// <summary>
/// Consumer offsets (RocketMQ's <c>ConsumerOffsetManager</c>) over the replicated config (architecture decision 5):
/// commits — UPDATE_CONSUMER_OFFSET and the offsets piggybacked on pulls — are coalesced in memory and the leader
/// replicates them with one offsets command every <c>flushConsumerOffsetInterval</c>, when it becomes leader and
/// when it stops; a failover re-delivers at most that interval's worth. Queries read a pending commit over the
/// replicated value.
/// </summary>
/// <remarks>
/// <para>Followers append nothing (only the leader writes). A commit reaching a follower — a Java client commits to
/// a slave only while its route shows no master — is kept here as a RocketMQ slave keeps it in memory: the
/// follower's queries see it, and it is replicated if this member becomes leader. A pending commit is dropped as
/// stale once the replicated value changes under it by any other hand (another leader's flush, an admin reset, a
/// topic or group deletion), so it never overrides newer knowledge.</para>
/// <para>Thread-safe. Commit and query take no global lock; flushes run one at a time.</para>
/// </remarks>
public sealed partial class ConsumerOffsetService : IAsyncDisposable
{
    /// <summary>Entries per offsets command (keeps one command far below a log entry's size).</summary>
    private const int MaxEntriesPerCommand = 4096;

    private const long NoneInFlight = long.MinValue;

    private readonly BrokerContext _context;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<OffsetKey, PendingOffset> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private Task _loop = Task.CompletedTask;

    public ConsumerOffsetService(BrokerContext context, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = logger;
    }

    /// <summary>Commits not yet replicated (or dropped as stale).</summary>
    public int PendingCount => _pending.Count;

    /// <summary>
    /// Why a commit cannot be stored, or null: the topic must follow RocketMQ's topic rule, the group name
    /// <see cref="SubscriptionGroups.IsValidGroupName"/>, and queue id and offset must not be negative (every replica
    /// would refuse the command otherwise, and with it the other commits it carries).
    /// </summary>
    public static string? Check(string group, string topic, int queueId, long offset) =>
        !SubscriptionGroups.IsValidGroupName(group) ? $"consumer group '{group}' is not a valid group name"
        : !TopicName.IsValid(topic) ? $"topic '{topic}' is not a valid topic name"
        : queueId < 0 ? $"queueId {queueId} is negative"
        : offset < 0 ? $"commitOffset {offset} is negative"
        : null;

    /// <summary>
    /// Records <paramref name="offset"/> as the group's position in the queue; replicated with the next flush.
    /// The arguments must pass <see cref="Check"/>. Like RocketMQ, a lower offset than before is accepted (resets).
    /// </summary>
    /// <exception cref="ArgumentException">The arguments fail <see cref="Check"/>.</exception>
    public void Commit(string group, string topic, int queueId, long offset)
    {
        if (Check(group, topic, queueId, offset) is { } error)
        {
            throw new ArgumentException(error);
        }

        var key = new OffsetKey(group, topic, queueId);
        while (true)
        {
            if (_pending.TryGetValue(key, out var pending))
            {
                lock (pending)
                {
                    if (!pending.Removed)
                    {
                        pending.Offset = offset;
                        pending.Version++;
                        return;
                    }
                }
            }

            var replicated = _context.Store.Config.QueryOffset(group, topic, queueId);
            if (_pending.TryAdd(key, new PendingOffset { Offset = offset, Base = replicated, Version = 1 }))
            {
                return;
            }
        }
    }

    /// <summary>The group's offset in the queue — a pending commit over the replicated value — or -1 when none.
    /// </summary>
    public long QueryOffset(string group, string topic, int queueId)
    {
        var replicated = _context.Store.Config.QueryOffset(group, topic, queueId);
        if (_pending.TryGetValue(new OffsetKey(group, topic, queueId), out var pending))
        {
            lock (pending)
            {
                if (!pending.Removed && pending.IsCurrent(replicated))
                {
                    return pending.Offset;
                }
            }
        }

        return replicated;
    }

    /// <summary>Queue id → the group's offset on <paramref name="topic"/>, pending commits included.</summary>
    public IReadOnlyDictionary<int, long> OffsetsOf(string group, string topic)
    {
        var offsets = new Dictionary<int, long>(_context.Store.Config.OffsetsOf(group, topic));
        foreach (var key in _pending.Keys)
        {
            if (key.Group == group && key.Topic == topic && QueryOffset(group, topic, key.QueueId) is >= 0 and var o)
            {
                offsets[key.QueueId] = o;
            }
        }

        return offsets;
    }

    /// <summary>The topics the group has offsets on, pending commits included, ordinally sorted
    /// (<c>whichTopicByConsumer</c>).</summary>
    public IReadOnlyList<string> TopicsOf(string group)
    {
        var topics = new SortedSet<string>(_context.Store.Config.Current.Offsets.TopicsOf(group),
            StringComparer.Ordinal);
        foreach (var key in _pending.Keys)
        {
            if (key.Group == group)
            {
                topics.Add(key.Topic);
            }
        }

        return [.. topics];
    }

    /// <summary>Starts the flush loop; also flushes whenever this member becomes leader.</summary>
    internal void Start()
    {
        _context.Log.RoleChanged += OnRoleChanged;
        _loop = RunAsync(_lifetime.Token);
    }

    /// <summary>Stops the loop and, on the leader, replicates what is pending (a planned stop loses nothing).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_lifetime.IsCancellationRequested)
        {
            return;
        }

        _context.Log.RoleChanged -= OnRoleChanged;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        _lifetime.Dispose();
    }

    private void OnRoleChanged(ReplicaState state)
    {
        if (state.IsLeader && !_lifetime.IsCancellationRequested)
        {
            // What this member gathered as a follower goes into the log now.
            _ = FlushLoggedAsync(CancellationToken.None);
        }
    }

    private async Task RunAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_context.Options.FlushConsumerOffsetInterval),
            _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                await FlushLoggedAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>A flush whose failure is logged, never thrown: the loop must outlive a failed round.</summary>
    private async Task FlushLoggedAsync(CancellationToken token)
    {
        try
        {
            await FlushAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure of one round (e.g. the log stopping) is logged; the next round retries.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ConsumeLog.OffsetFlushError(_logger, e);
        }
    }

    private readonly record struct OffsetKey(string Group, string Topic, int QueueId);

    /// <summary>A commit not yet replicated; guarded by locking the instance.</summary>
    private sealed class PendingOffset
    {
        /// <summary>The committed offset.</summary>
        public long Offset;

        /// <summary>The replicated value this commit stands on; another value there means someone else wrote.</summary>
        public long Base;

        /// <summary>The offset a running flush is replicating (<see cref="NoneInFlight"/> when none).</summary>
        public long InFlight = NoneInFlight;

        /// <summary>Bumped by every commit, so a flush knows whether a newer commit arrived meanwhile.</summary>
        public long Version;

        /// <summary>Taken out of the table: a commit must add a new entry.</summary>
        public bool Removed;

        public bool IsCurrent(long replicated) => replicated == Base || replicated == InFlight;
    }
}
