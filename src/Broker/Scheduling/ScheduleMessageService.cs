using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Sending;
using RocketMQ.Broker.Topics;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Config;

namespace RocketMQ.Broker.Scheduling;

/// <summary>
/// Delivers delayed messages (RocketMQ's <c>ScheduleMessageService</c>): on the leader, one loop per delay level of
/// <c>messageDelayLevel</c> reads queue level − 1 of <c>SCHEDULE_TOPIC_XXXX</c> in order and re-stores each message
/// whose delivery time (the unit's tags code) has come in its REAL_TOPIC / REAL_QID queue, without DELAY.
/// </summary>
/// <remarks>
/// <para>Progress: each level's next queue offset is kept in memory and replicated as the consumer offset of the
/// reserved group <see cref="ProgressGroup"/> on <c>SCHEDULE_TOPIC_XXXX</c> (queue = level − 1) every
/// <c>flushConsumerOffsetInterval</c> and when the service stops — where Java keeps a local delayOffset.json that a
/// new master does not have. A new leader resumes from the replicated offsets and, for the messages a previous leader
/// may have delivered after its last flush, checks the real queue first (see the InDoubt part), so a failover or
/// restart loses no delivery and repeats none of the messages that carry a UNIQ_KEY.</para>
/// <para>Wake-ups: a level sleeps until its first pending message is due (a timer of <see cref="BrokerContext.Time"/>),
/// until a message arrives in its queue (<c>MessagesArrived</c>), or at most <see cref="IdleRecheckMs"/>.</para>
/// <para>Thread-safety: public members may be called from any thread; each level runs one loop at a time.</para>
/// </remarks>
public sealed partial class ScheduleMessageService
{
    /// <summary>The reserved consumer group whose offsets on SCHEDULE_TOPIC_XXXX are the delivery progress.</summary>
    public const string ProgressGroup = "DELAY_OFFSET";

    /// <summary>Java's DELAY_FOR_A_WHILE: the pause before retrying a failed delivery.</summary>
    internal const long RetryMs = 100;

    /// <summary>Java's DELAY_FOR_A_PERIOD: the pause after a read failure, and the longest idle sleep.</summary>
    internal const long IdleRecheckMs = 10_000;

    private readonly BrokerContext _context;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _roleGate = new(1, 1);
    private Session? _session;
    private bool _stopped;

    public ScheduleMessageService(BrokerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<ScheduleMessageService>();
    }

    /// <summary>
    /// Raised by a level's loop after each round, before it sleeps (its wake-up timer already set): for tests and
    /// diagnostics. Handlers run on the loop and must be quick.
    /// </summary>
    public event Action<ScheduleRound>? RoundCompleted;

    /// <summary>Raised after the loops started (true) or stopped (false) following a role change or a stop.</summary>
    public event Action<bool>? RunningChanged;

    /// <summary>Whether the delivery loops run (this broker leads).</summary>
    public bool IsRunning => Volatile.Read(ref _session) is not null;

    /// <summary>The delay levels (1-based) and their delays in milliseconds.</summary>
    public IReadOnlyList<long> DelayLevelMillis => _context.Store.Options.DelayLevelMillis;

    /// <summary>
    /// The next queue offset to deliver of each level (key: level) while running; otherwise the replicated progress.
    /// </summary>
    public IReadOnlyDictionary<int, long> Progress()
    {
        var progress = new SortedDictionary<int, long>();
        if (Volatile.Read(ref _session) is { } session)
        {
            foreach (var worker in session.Workers)
            {
                progress[worker.Level] = worker.Offset;
            }

            return progress;
        }

        foreach (var (queueId, offset) in _context.Store.Config.OffsetsOf(ProgressGroup, SystemTopics.Schedule))
        {
            progress[queueId + 1] = offset;
        }

        return progress;
    }

    /// <summary>Starts following the role: the loops run while this broker leads.</summary>
    public async Task StartAsync(CancellationToken token)
    {
        _context.Log.RoleChanged += OnRoleChanged;
        _context.Store.MessagesArrived += OnMessagesArrived;
        if (_context.IsLeader)
        {
            await ApplyRoleAsync(leader: true, "leader at start").ConfigureAwait(false);
        }
    }

    /// <summary>Stops the loops and, while leading, replicates the final progress.</summary>
    public async Task StopAsync()
    {
        _context.Log.RoleChanged -= OnRoleChanged;
        _context.Store.MessagesArrived -= OnMessagesArrived;
        await _roleGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _stopped = true;
            if (_session is { } session)
            {
                _session = null;
                await StopSessionAsync(session, flush: _context.IsLeader).ConfigureAwait(false);
                SendLog.ScheduleStopped(_logger, "broker stopping");
                RunningChanged?.Invoke(false);
            }
        }
        finally
        {
            _roleGate.Release();
        }
    }

    /// <summary>Makes level <paramref name="level"/>'s loop run a round now (tests; no-op unless running).</summary>
    internal void Wake(int level)
    {
        if (Volatile.Read(ref _session) is { } session && level >= 1 && level <= session.Workers.Length)
        {
            session.Workers[level - 1].Wake();
        }
    }

    /// <summary>Replicates the current progress now (tests; no effect when not running).</summary>
    internal Task FlushNowAsync() =>
        Volatile.Read(ref _session) is { } session ? FlushAsync(session, wait: true) : Task.CompletedTask;

    private void OnRoleChanged(ReplicaState state) =>
        _ = ApplyRoleAsync(state.IsLeader, $"role {state.Role}, term {state.Term}");

    private void OnMessagesArrived(string topic, int queueId, long maxOffset)
    {
        // Called on the applier for every queue that got messages: a length check first keeps it cheap.
        if (topic.Length == SystemTopics.Schedule.Length && topic == SystemTopics.Schedule
            && Volatile.Read(ref _session) is { } session && queueId >= 0 && queueId < session.Workers.Length)
        {
            session.Workers[queueId].Wake();
        }
    }

    private async Task ApplyRoleAsync(bool leader, string reason)
    {
        await _roleGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            if (leader && _session is null)
            {
                _session = StartSession();
                SendLog.ScheduleStarted(_logger, _session.Workers.Length);
                RunningChanged?.Invoke(true);
            }
            else if (!leader && _session is { } session)
            {
                // No longer leading: the progress cannot be replicated from here; the new leader resumes from what was.
                _session = null;
                await StopSessionAsync(session, flush: false).ConfigureAwait(false);
                SendLog.ScheduleStopped(_logger, reason);
                RunningChanged?.Invoke(false);
            }
        }
        finally
        {
            _roleGate.Release();
        }
    }

    private Session StartSession()
    {
        var delays = DelayLevelMillis;
        var workers = new LevelWorker[delays.Count];
        var config = _context.Store.Config;
        for (var i = 0; i < workers.Length; i++)
        {
            var committed = config.QueryOffset(ProgressGroup, SystemTopics.Schedule, i);
            var start = committed >= 0 ? committed : _context.Store.GetMinOffsetInQueue(SystemTopics.Schedule, i);
            workers[i] = new LevelWorker(i + 1, delays[i], start, committed,
                _context.Store.GetMaxOffsetInQueue(SystemTopics.Schedule, i));
        }

        var session = new Session(workers);
        var period = TimeSpan.FromMilliseconds(_context.Options.FlushConsumerOffsetInterval);
        session.FlushTimer = _context.Time.CreateTimer(_ => _ = FlushAsync(session, wait: false), null, period, period);
        session.Loops = [.. workers.Select(worker => Task.Run(() => RunLevelAsync(session, worker)))];
        return session;
    }

    private async Task StopSessionAsync(Session session, bool flush)
    {
        session.FlushTimer?.Dispose();
        await session.Cancellation.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(session.Loops).ConfigureAwait(false);
        if (flush)
        {
            await FlushAsync(session, wait: true).ConfigureAwait(false);
        }

        session.Cancellation.Dispose();
    }

    /// <summary>Replicates the levels' progress that changed since the last flush (one command for all).</summary>
    private async Task FlushAsync(Session session, bool wait)
    {
        if (!wait && !await session.FlushGate.WaitAsync(0).ConfigureAwait(false))
        {
            return; // The previous flush is still replicating.
        }

        if (wait)
        {
            await session.FlushGate.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            var entries = new List<ConsumerOffsetEntry>();
            foreach (var worker in session.Workers)
            {
                var offset = worker.Offset;
                if (offset != worker.Committed)
                {
                    entries.Add(new ConsumerOffsetEntry(ProgressGroup, SystemTopics.Schedule, worker.QueueId, offset));
                }
            }

            if (entries.Count == 0 || !_context.IsLeader)
            {
                return;
            }

            var result = await _context.Store.CommitOffsetsAsync(entries).ConfigureAwait(false);
            if (!result.IsOk)
            {
                SendLog.ProgressNotSaved(_logger, result.Status, result.Remark);
                return;
            }

            foreach (var entry in entries)
            {
                session.Workers[entry.QueueId].Committed = entry.Offset;
            }
        }
        finally
        {
            session.FlushGate.Release();
        }
    }

    private long NowMs() => _context.Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The delivery loops of one leadership.</summary>
    private sealed class Session(LevelWorker[] workers)
    {
        public LevelWorker[] Workers { get; } = workers;

        public CancellationTokenSource Cancellation { get; } = new();

        public SemaphoreSlim FlushGate { get; } = new(1, 1);

        public ITimer? FlushTimer { get; set; }

        public Task[] Loops { get; set; } = [];
    }
}

/// <summary>What one round of a delay level did (see <see cref="ScheduleMessageService.RoundCompleted"/>).</summary>
/// <param name="Level">The delay level (1-based).</param>
/// <param name="NowMs">The clock when the round ended (Unix ms).</param>
/// <param name="Delivered">Messages re-stored in their real queues by this round.</param>
/// <param name="NextOffset">The level's next queue offset to deliver.</param>
/// <param name="SleepMs">How long the loop sleeps unless woken (its next message's due time, a retry pause, or the
/// idle re-check).</param>
/// <param name="NextDueMs">The delivery time of the level's next pending message (Unix ms), or -1 when the round
/// met none.</param>
public readonly record struct ScheduleRound(int Level, long NowMs, int Delivered, long NextOffset, long SleepMs,
    long NextDueMs);
