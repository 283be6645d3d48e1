using System.Net;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger;
using RocketMQ.DLedger.Transport;
using RocketMQ.Store;

namespace RocketMQ.Integration.Tests;

/// <summary>
/// Three message stores, each on its own member of a real DotNext Raft group (DLedger) in one process, over the
/// in-memory partitionable transport; each member has its own directory and can be stopped and restarted on it.
/// </summary>
internal sealed class StoreGroup : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "store-group-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, (DLedgerNode Node, MessageStore Store)?> _members = [];
    private readonly Action<MessageStoreOptions>? _configure;

    public StoreGroup(Action<MessageStoreOptions>? configure = null) => _configure = configure;

    public static IReadOnlyList<string> Ids { get; } = ["n0", "n1", "n2"];

    public InMemoryRaftNetwork Network { get; } = new();

    /// <summary>The disk usage every store sees (0..1); raise it to force retention or refuse puts.</summary>
    public double DiskUsage { get; set; } = 0.10;

    public MessageStore Store(string id) =>
        _members[id]?.Store ?? throw new InvalidOperationException($"{id} is stopped");

    public DLedgerNode Node(string id) => _members[id]?.Node ?? throw new InvalidOperationException($"{id} is stopped");

    /// <summary>The highest applied index among running members (what the others must reach to be caught up).</summary>
    public long MaxAppliedIndex => Running.Max(id => Store(id).AppliedIndex);

    public IEnumerable<string> Running => _members.Where(m => m.Value is not null).Select(m => m.Key);

    public async Task StartAllAsync()
    {
        foreach (var id in Ids)
        {
            await StartAsync(id);
        }
    }

    /// <summary>Opens the member's store (recovering it), starts its Raft member, attaches them.</summary>
    public async Task StartAsync(string id)
    {
        var options = new MessageStoreOptions
        {
            StorePathRootDir = Path.Combine(_root, id, "store"),
            StoreHost = new IPEndPoint(IPAddress.Loopback, 10911 + (10 * Index(id))),
            MappedFileSizeConsumeQueue = 20 * 256,
            MaxHashSlotNum = 256,
            MaxIndexNum = 1024,
            FlushIntervalConsumeQueue = 100,
            CleanResourceInterval = 3_600_000,
            RetentionSnapshotIntervalBytes = 1024 * 1024,
        };
        _configure?.Invoke(options);
        var store = MessageStore.Open(options, new MessageStoreEnvironment { DiskUsage = _ => DiskUsage });
        var node = await DLedgerNode.StartAsync(new DLedgerOptions
        {
            Group = "g",
            Peers = string.Join(';', Ids.Select(p => $"{p}-127.0.0.1:{21000 + Index(p)}")),
            SelfId = id,
            StoragePath = Path.Combine(_root, id, "dledger"),
            ClientAddress = $"127.0.0.1:{10911 + (10 * Index(id))}",
            ElectionTimeoutMinMs = 200,
            ElectionTimeoutMaxMs = 400,
            RequestTimeoutMs = 1000,
        }, store, DLedgerTransport.InMemory(Network));
        store.AttachLog(node);
        _members[id] = (node, store);
    }

    /// <summary>Stops a member cleanly: the Raft member first (no more applies), then the store (final checkpoint).</summary>
    public async Task StopAsync(string id)
    {
        if (_members.GetValueOrDefault(id) is { } member)
        {
            _members[id] = null;
            await member.Node.DisposeAsync();
            await member.Store.DisposeAsync();
        }
    }

    /// <summary>Waits until one running member leads and has announced it.</summary>
    public async Task<string> WaitForLeaderAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlers = new List<(DLedgerNode, Action<ReplicaState>)>();
        foreach (var id in Running.ToList())
        {
            var node = Node(id);
            void OnRole(ReplicaState state)
            {
                if (state.IsLeader)
                {
                    announced.TrySetResult(id);
                }
            }

            node.RoleChanged += OnRole;
            handlers.Add((node, OnRole));
            if (node.State.IsLeader)
            {
                announced.TrySetResult(id);
            }
        }

        try
        {
            return await announced.Task.WaitAsync(deadline.Token);
        }
        finally
        {
            foreach (var (node, handler) in handlers)
            {
                node.RoleChanged -= handler;
            }
        }
    }

    /// <summary>Waits until every running member has applied at least <paramref name="index"/>.</summary>
    public async Task WaitForAppliedAsync(long index, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        foreach (var id in Running.ToList())
        {
            await Store(id).WaitForAppliedAsync(index, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in Running.ToList())
        {
            await StopAsync(id);
        }

        Directory.Delete(_root, recursive: true);
    }

    private static int Index(string id) => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture);
}
