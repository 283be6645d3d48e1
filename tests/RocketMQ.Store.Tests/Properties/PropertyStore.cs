using RocketMQ.Testing;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>
/// A message store on the in-memory replicated log for the property tests: like <c>StoreHarness</c> (restart, crash,
/// injectable disk usage), but on a <see cref="ManualClock"/> (no background work unless a command asks for it), with
/// data kept "hot" whatever the machine's memory, and able to open a second store rebuilt from the same log.
/// </summary>
internal sealed class PropertyStore : IAsyncDisposable
{
    /// <summary>Second-aligned: index items (whole seconds after their file's begin) keep exact store times.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Action<MessageStoreOptions> _configure;

    private PropertyStore(string root, Action<MessageStoreOptions> configure)
    {
        Root = root;
        _configure = configure;
    }

    /// <summary>A temporary directory holding this store's directory and any rebuilt one.</summary>
    public string Root { get; }

    public string Directory => Path.Combine(Root, "lived");

    public InMemoryLogStorage Storage { get; } = new();

    public ManualClock Clock { get; } = new(Start);

    /// <summary>The used share of the disk the store sees (0..1).</summary>
    public double DiskUsage { get; set; } = 0.10;

    public MessageStore Store { get; private set; } = null!;

    public InMemoryReplicatedLog Log { get; private set; } = null!;

    public MessageStoreOptions Options { get; private set; } = null!;

    public static async Task<PropertyStore> StartAsync(Action<MessageStoreOptions> configure)
    {
        var root = Path.Combine(TemporaryRoot(), "store-props-" + Guid.NewGuid().ToString("N"));
        var store = new PropertyStore(root, configure);
        try
        {
            (store.Store, store.Log, store.Options) = await store.OpenAsync(store.Directory);
            return store;
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>Stops cleanly (final checkpoint) and reopens.</summary>
    public async Task RestartAsync()
    {
        await Log.DisposeAsync();
        await Store.DisposeAsync();
        (Store, Log, Options) = await OpenAsync(Directory);
    }

    /// <summary>Abandons the store without a final checkpoint (as kill -9 would) and reopens.</summary>
    public async Task CrashAndRestartAsync()
    {
        await Log.DisposeAsync();
        Store.AbandonForTesting();
        (Store, Log, Options) = await OpenAsync(Directory);
    }

    /// <summary>
    /// Opens a second store in an empty directory over the same log storage: its log applies every stored entry, so
    /// it holds what the projections must be if the store had applied the log once, from scratch. Read-only use
    /// (appends would go to the shared storage); dispose it with <see cref="CloseRebuiltAsync"/>.
    /// </summary>
    public Task<(MessageStore Store, InMemoryReplicatedLog Log, MessageStoreOptions Options)> OpenRebuiltAsync() =>
        OpenAsync(Path.Combine(Root, "rebuilt-" + Guid.NewGuid().ToString("N")));

    /// <summary>
    /// Opens a lagging replica's store: an empty directory that installs <paramref name="snapshot"/> (as a follower
    /// behind the leader's retention boundary does), then applies every later entry of the shared log storage.
    /// Read-only use, like the rebuilt store; close it with <see cref="CloseRebuiltAsync"/>.
    /// </summary>
    public async Task<(MessageStore Store, InMemoryReplicatedLog Log)> OpenFollowerAsync(
        Common.Replication.ReplicaSnapshot snapshot)
    {
        var options = BaseOptions(Path.Combine(Root, "follower-" + Guid.NewGuid().ToString("N")));
        var store = MessageStore.Open(options, StoreEnvironment());
        try
        {
            await store.InstallSnapshotAsync(snapshot, CancellationToken.None);
            var log = await InMemoryReplicatedLog.OpenAsync(Storage, store);
            store.AttachLog(log);
            return (store, log);
        }
        catch
        {
            store.AbandonForTesting();
            throw;
        }
    }

    public static async Task CloseRebuiltAsync(MessageStore store, InMemoryReplicatedLog log)
    {
        await log.DisposeAsync();
        await store.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        await Store.DisposeAsync();
        TryDelete(Root);
    }

    /// <summary>The settings of every store of a test, before the test's own <c>configure</c>.</summary>
    private MessageStoreOptions BaseOptions(string directory)
    {
        var options = new MessageStoreOptions
        {
            StorePathRootDir = directory,
            FlushIntervalConsumeQueue = 60_000,
            CleanResourceInterval = 3_600_000,
            RetentionSnapshotIntervalBytes = 1024 * 1024,
        };
        _configure(options);
        return options;
    }

    private async Task<(MessageStore, InMemoryReplicatedLog, MessageStoreOptions)> OpenAsync(string directory)
    {
        var options = BaseOptions(directory);
        var store = MessageStore.Open(options, StoreEnvironment());
        try
        {
            var log = await InMemoryReplicatedLog.OpenAsync(Storage, store);
            store.AttachLog(log);
            return (store, log, options);
        }
        catch
        {
            store.AbandonForTesting();
            throw;
        }
    }

    /// <summary>
    /// A RAM file system when the machine has one: checkpoints and restarts fsync several files each, which on a
    /// busy disk made the properties ten times slower, and durability is not what they check (a crash here abandons
    /// the mappings with the page cache intact; the kill -9 integration test covers real disks).
    /// </summary>
    private static string TemporaryRoot() =>
        OperatingSystem.IsLinux() && System.IO.Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    private MessageStoreEnvironment StoreEnvironment() => new()
    {
        Time = Clock,
        DiskUsage = _ => DiskUsage,

        // Keeps every read "hot" (RocketMQ's in-memory transfer budgets) whatever memory the machine has.
        PhysicalMemoryBytes = 1L << 50,
    };

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless; the test's verdict matters more.
        }
    }
}
