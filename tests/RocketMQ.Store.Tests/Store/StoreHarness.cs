using System.Net;
using Microsoft.Extensions.Time.Testing;
using RocketMQ.Store.Records;
using RocketMQ.Testing;

namespace RocketMQ.Store.Tests.Store;

/// <summary>
/// A message store on the in-memory replicated log, in a temporary directory, with a fake clock and an injectable
/// disk usage. Restart (clean or crashed) reopens both over the same directory and log storage.
/// </summary>
internal sealed class StoreHarness : IAsyncDisposable
{
    private readonly Action<MessageStoreOptions>? _configure;

    private StoreHarness(string directory, InMemoryLogStorage storage, Action<MessageStoreOptions>? configure)
    {
        Directory = directory;
        Storage = storage;
        _configure = configure;
    }

    public string Directory { get; }

    public InMemoryLogStorage Storage { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The used share of the disk the store sees (0..1).</summary>
    public double DiskUsage { get; set; } = 0.10;

    public MessageStore Store { get; private set; } = null!;

    public InMemoryReplicatedLog Log { get; private set; } = null!;

    public MessageStoreOptions Options { get; private set; } = null!;

    public static async Task<StoreHarness> StartAsync(Action<MessageStoreOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "store-test-" + Guid.NewGuid().ToString("N"));
        var harness = new StoreHarness(directory, new InMemoryLogStorage(), configure);
        await harness.OpenAsync();
        return harness;
    }

    /// <summary>Stops cleanly (final checkpoint) and reopens.</summary>
    public async Task RestartAsync()
    {
        await Log.DisposeAsync();
        await Store.DisposeAsync();
        await OpenAsync();
    }

    /// <summary>Abandons the running store without a final checkpoint (as kill -9 would) and reopens.</summary>
    public async Task CrashAndRestartAsync()
    {
        await Log.DisposeAsync();
        Store.AbandonForTesting();
        await OpenAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        await Store.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public static MessageToStore Message(string topic, int queueId, string body, string? tags = null,
        string? keys = null, string? uniqueKey = null)
    {
        var properties = "";
        if (tags is not null)
        {
            properties += $"TAGS\u0001{tags}\u0002";
        }

        if (keys is not null)
        {
            properties += $"KEYS\u0001{keys}\u0002";
        }

        if (uniqueKey is not null)
        {
            properties += $"UNIQ_KEY\u0001{uniqueKey}\u0002";
        }

        return new MessageToStore
        {
            Topic = topic,
            QueueId = queueId,
            BornTimestamp = 1_700_000_000_000,
            BornHost = new IPEndPoint(IPAddress.Parse("10.0.0.7"), 50123),
            Properties = properties,
            Body = System.Text.Encoding.UTF8.GetBytes(body),
        };
    }

    private async Task OpenAsync()
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
        Store = MessageStore.Open(Options, new MessageStoreEnvironment { Time = Time, DiskUsage = _ => DiskUsage });
        Log = await InMemoryReplicatedLog.OpenAsync(Storage, Store);
        Store.AttachLog(Log);
    }
}
