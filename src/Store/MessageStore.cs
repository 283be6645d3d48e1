using Microsoft.Extensions.Logging;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Config;
using RocketMQ.Store.ConsumeQueue;
using RocketMQ.Store.Index;
using RocketMQ.Store.Retention;

namespace RocketMQ.Store;

/// <summary>
/// RocketMQ's message store on the replicated log (architecture decisions 2–9): messages live only in the log's
/// entries; this class is the state machine that projects committed entries into ConsumeQueues, Index files and the
/// config tables on every replica, the put path that turns producer messages into log records, and the read path.
/// </summary>
/// <remarks>
/// <para>Lifecycle: <see cref="Open"/> recovers the projections to their checkpoint; the host starts the replicated
/// log with this store as its state machine (it re-applies what the checkpoint does not cover), then calls
/// <see cref="AttachLog"/>. To stop, dispose the log first (no more applies), then the store (final checkpoint).</para>
/// <para>Threads: the log's applier calls <see cref="ApplyAsync"/> and <see cref="InstallSnapshotAsync"/> one at a
/// time; every other member may be called concurrently from any thread. Reads never see a partly applied entry.</para>
/// </remarks>
public sealed partial class MessageStore : IReplicatedStateMachine, IAsyncDisposable
{
    private readonly MessageStoreOptions _options;
    private readonly MessageStoreEnvironment _environment;
    private readonly ILogger _logger;
    private readonly QueueTable _queues;
    private readonly IndexService _index;
    private readonly Lock _applyLock = new();
    private readonly CancellationTokenSource _lifetime = new();
    private ConfigState _config;
    private IReplicatedLog? _log;
    private long _appliedIndex;
    private long _appliedTerm;
    private long _appliedLogBytes;
    private long _maxStoreTimestamp;
    private int _disposed;

    private MessageStore(MessageStoreOptions options, MessageStoreEnvironment environment)
    {
        _options = options;
        _environment = environment;
        _logger = environment.LoggerFactory.CreateLogger<MessageStore>();
        _queues = new QueueTable(options.ConsumeQueueDirectory, options.MappedFileSizeConsumeQueue);
        _index = new IndexService(options.IndexDirectory, options.MaxHashSlotNum, options.MaxIndexNum,
            environment.LoggerFactory.CreateLogger<IndexService>());
        _config = new ConfigState();
        _retention = new RetentionPoints(options.CheckpointDirectory);
    }

    /// <summary>The settings this store runs with.</summary>
    public MessageStoreOptions Options => _options;

    /// <summary>The replicated log this store writes to and reads from (null until <see cref="AttachLog"/>).</summary>
    public IReplicatedLog? Log => Volatile.Read(ref _log);

    /// <summary>The index of the last entry applied to the projections.</summary>
    public long AppliedIndex => Volatile.Read(ref _appliedIndex);

    /// <summary>Topic configs, subscription groups and consumer offsets as of <see cref="AppliedIndex"/>.</summary>
    public ConfigState Config => Volatile.Read(ref _config);

    /// <summary>
    /// Raised on the applier after each entry, once per queue that got messages, with the queue's new max offset;
    /// long polling wakes on it (decision 6). Handlers must be quick and must not throw.
    /// </summary>
    public event Action<string, int, long>? MessagesArrived;

    /// <summary>
    /// Opens the store under <see cref="MessageStoreOptions.StorePathRootDir"/>: reads the newest usable checkpoint
    /// and cuts every projection back to it (anything written after it, possibly torn by a crash, is re-derived when
    /// the log re-applies those entries).
    /// </summary>
    /// <exception cref="Common.Configuration.ConfigurationException">An option is invalid.</exception>
    /// <exception cref="IOException">The store's files cannot be opened.</exception>
    public static MessageStore Open(MessageStoreOptions options, MessageStoreEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var store = new MessageStore(options, environment ?? new MessageStoreEnvironment());
        store.Recover();
        store.StartBackgroundWork();
        return store;
    }

    /// <summary>Connects the log (after it started with this store as its state machine); enables puts and reads.</summary>
    public void AttachLog(IReplicatedLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (Interlocked.CompareExchange(ref _log, log, null) is not null)
        {
            throw new InvalidOperationException("a log is already attached");
        }
    }

    /// <summary>Stops background work and writes a final checkpoint. Dispose the log first.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        await StopBackgroundWorkAsync().ConfigureAwait(false);
        try
        {
            WriteCheckpoint(CaptureCheckpoint());
        }
        catch (IOException e)
        {
            StoreLog.CheckpointFailed(_logger, e);
        }

        _queues.Close();
        _index.Dispose();
        _lifetime.Dispose();
    }

    /// <summary>
    /// Test hook for crash simulation: stops background work and unmaps every file without a final checkpoint, as if
    /// the process had been killed (what was written to the mapped files stays, as it stays in the page cache).
    /// </summary>
    internal void AbandonForTesting()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _lifetime.Cancel();
        StopBackgroundWorkAsync().GetAwaiter().GetResult();
        _queues.Close();
        _index.Dispose();
        _lifetime.Dispose();
    }

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;
}
