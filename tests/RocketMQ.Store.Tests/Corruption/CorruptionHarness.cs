using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Tests.Index;
using RocketMQ.Testing;

namespace RocketMQ.Store.Tests.Corruption;

/// <summary>
/// A message store on the in-memory replicated log, in a temporary directory, that a test can stop (cleanly, with a
/// final checkpoint), damage on disk or in the log, and open again over the same directory and log storage.
/// </summary>
/// <remarks>
/// <para>Fault model: single-byte changes (seeded by the test) in ConsumeQueue files, Index files and log entries;
/// files are damaged through plain file I/O, which on Linux shares the page cache with the store's mappings, so a
/// running store sees the damage at once. Nothing else fails: no torn writes, no lost pages, no clock faults.</para>
/// <para><see cref="BeforeApply"/> runs on the log's applier with each committed entry before the store sees it:
/// damage done there is what a replica whose log storage rotted before it applied the entry would apply.</para>
/// </remarks>
internal sealed class CorruptionHarness : IAsyncDisposable
{
    private readonly Action<MessageStoreOptions>? _configure;

    private CorruptionHarness(string directory, Action<MessageStoreOptions>? configure)
    {
        Directory = directory;
        _configure = configure;
    }

    public string Directory { get; }

    public InMemoryLogStorage Storage { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Everything the store logged (event ids: StoreLog 4000–4099, IndexLog 4100–4199).</summary>
    public RecordingLogger Logged { get; } = new();

    public MessageStore Store { get; private set; } = null!;

    public InMemoryReplicatedLog Log { get; private set; } = null!;

    public MessageStoreOptions Options { get; private set; } = null!;

    /// <summary>Sees each committed entry on the applier before the store applies it.</summary>
    public Action<ReplicatedEntry>? BeforeApply { get; set; }

    public bool IsRunning { get; private set; }

    public static async Task<CorruptionHarness> StartAsync(Action<MessageStoreOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "store-corrupt-" + Guid.NewGuid().ToString("N"));
        var harness = new CorruptionHarness(directory, configure);
        await harness.OpenAsync();
        return harness;
    }

    /// <summary>Stops cleanly: no more applies, then the store's final checkpoint; its files stay on disk.</summary>
    public async Task StopAsync()
    {
        await Log.DisposeAsync();
        await Store.DisposeAsync();
        IsRunning = false;
    }

    /// <summary>Opens the store and the log over the same directory and log storage.</summary>
    public async Task OpenAsync()
    {
        Options = new MessageStoreOptions
        {
            StorePathRootDir = Directory,
            MappedFileSizeConsumeQueue = 20 * 64,
            MaxHashSlotNum = 64,
            MaxIndexNum = 256,
            FlushIntervalConsumeQueue = 60_000,
            CleanResourceInterval = 3_600_000,
            RetentionSnapshotIntervalBytes = 1024 * 1024,
        };
        _configure?.Invoke(Options);
        Store = MessageStore.Open(Options, new MessageStoreEnvironment
        {
            Time = Time,
            DiskUsage = _ => 0.1,
            LoggerFactory = new RecordingLoggerFactory(Logged),
        });
        Log = await InMemoryReplicatedLog.OpenAsync(Storage, new HookedStateMachine(this, Store));
        Store.AttachLog(Log);
        IsRunning = true;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await OpenAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            await StopAsync();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>The ConsumeQueue file of a queue that holds <paramref name="queueOffset"/>, and the unit's position.
    /// </summary>
    public (string Path, long Position) UnitLocation(string topic, int queueId, long queueOffset)
    {
        var unitsPerFile = Options.MappedFileSizeConsumeQueue / ConsumeQueue.ConsumeQueueUnit.Bytes;
        var fileStart = queueOffset - (queueOffset % unitsPerFile);
        var path = Path.Combine(Options.ConsumeQueueDirectory, topic, queueId.ToString(
            System.Globalization.CultureInfo.InvariantCulture), ConsumeQueue.ConsumeQueue.FileName(fileStart));
        return (path, (queueOffset - fileStart) * ConsumeQueue.ConsumeQueueUnit.Bytes);
    }

    /// <summary>The state machine the log drives: the store, behind the test's hook.</summary>
    private sealed class HookedStateMachine(CorruptionHarness harness, MessageStore store) : IReplicatedStateMachine
    {
        public long CheckpointIndex => store.CheckpointIndex;

        public ReplicaSnapshot? Snapshot => store.Snapshot;

        public ValueTask ApplyAsync(ReplicatedEntry entry, CancellationToken token)
        {
            harness.BeforeApply?.Invoke(entry);
            return store.ApplyAsync(entry, token);
        }

        public ValueTask InstallSnapshotAsync(ReplicaSnapshot snapshot, CancellationToken token) =>
            store.InstallSnapshotAsync(snapshot, token);
    }

    private sealed class RecordingLoggerFactory(RecordingLogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}
