using System.Net;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger.Transport;

namespace RocketMQ.DLedger.Tests.Groups;

/// <summary>
/// N DLedger nodes in one process over an <see cref="InMemoryRaftNetwork"/>, each with its own temp directory and
/// <see cref="RecordingStateMachine"/>. Nodes can be stopped and restarted on the same directory.
/// </summary>
internal sealed class TestGroup : IAsyncDisposable
{
    public static readonly RecordKind Kind = new(7);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dledger-test-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, DLedgerNode?> _nodes = [];
    private readonly Dictionary<string, RecordingStateMachine> _machines = [];
    private readonly Action<DLedgerOptions>? _configure;

    public TestGroup(int size, Action<DLedgerOptions>? configure = null)
    {
        Ids = Enumerable.Range(0, size).Select(i => $"n{i}").ToArray();
        Peers = string.Join(';', Ids.Select((id, i) => $"{id}-127.0.0.1:{20000 + i}"));
        _configure = configure;
    }

    public InMemoryRaftNetwork Network { get; } = new();

    public IReadOnlyList<string> Ids { get; }

    public string Peers { get; }

    public DLedgerNode Node(string id) => _nodes[id] ?? throw new InvalidOperationException($"{id} is stopped");

    public RecordingStateMachine Machine(string id) => _machines[id];

    public IEnumerable<DLedgerNode> Running => _nodes.Values.OfType<DLedgerNode>();

    public static EndPoint EndPointOf(string id) => new IPEndPoint(IPAddress.Loopback, 20000 + int.Parse(id[1..]));

    public async Task StartAllAsync()
    {
        foreach (var id in Ids)
        {
            await StartAsync(id);
        }
    }

    /// <summary>Starts (or restarts, on its existing directory, with a fresh state machine) one node.</summary>
    public async Task<DLedgerNode> StartAsync(string id, RecordingStateMachine? machine = null)
    {
        var options = new DLedgerOptions
        {
            Group = "g",
            Peers = Peers,
            SelfId = id,
            StoragePath = Path.Combine(_root, id),
            ClientAddress = $"broker-{id}:10911",
            ElectionTimeoutMinMs = 200,
            ElectionTimeoutMaxMs = 400,
            RequestTimeoutMs = 1000,
        };
        _configure?.Invoke(options);
        machine ??= new RecordingStateMachine();
        _machines[id] = machine;
        var node = await DLedgerNode.StartAsync(options, machine, DLedgerTransport.InMemory(Network));
        _nodes[id] = node;
        return node;
    }

    public async Task StopAsync(string id)
    {
        if (_nodes.GetValueOrDefault(id) is { } node)
        {
            _nodes[id] = null;
            await node.DisposeAsync();
        }
    }

    /// <summary>Waits until exactly one running node announces leadership (and the others follow it).</summary>
    public async Task<DLedgerNode> WaitForLeaderAsync(TimeSpan? timeout = null, string? except = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var leaders = Running.Where(n => n.State.IsLeader && n.SelfId != except).ToList();
            if (leaders.Count == 1)
            {
                return leaders[0];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no single leader: {Describe()}");
            }

            await WaitForRoleChangeAsync(deadline - DateTime.UtcNow);
        }
    }

    /// <summary>Completes at the next role change of any running node (or when the time is up).</summary>
    public async Task WaitForRoleChangeAsync(TimeSpan timeout)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(ReplicaState state) => changed.TrySetResult();
        var nodes = Running.ToList();
        nodes.ForEach(n => n.RoleChanged += Handler);
        try
        {
            await changed.Task.WaitAsync(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout)
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            nodes.ForEach(n => n.RoleChanged -= Handler);
        }
    }

    /// <summary>Waits until every running node has applied at least <paramref name="index"/>.</summary>
    public async Task WaitForAppliedAsync(long index, TimeSpan? timeout = null, IEnumerable<string>? ids = null)
    {
        var targets = (ids ?? Ids.Where(i => _nodes.GetValueOrDefault(i) is not null)).ToList();
        var all = targets.Select(id => WaitForAppliedAsync(_machines[id], index)).ToArray();
        await Task.WhenAll(all).WaitAsync(timeout ?? TimeSpan.FromSeconds(15));
    }

    private static Task WaitForAppliedAsync(RecordingStateMachine machine, long index)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(long applied)
        {
            if (applied >= index)
            {
                reached.TrySetResult();
            }
        }

        machine.Applied += Handler;
        Handler(machine.LastIndex);
        return reached.Task.ContinueWith(t => machine.Applied -= Handler, TaskScheduler.Default);
    }

    /// <summary>Bytes allocated on disk under a node's directory, as <c>du</c> counts them (preallocated or sparse
    /// chunk files count only for what is really written).</summary>
    public long DirectoryBytes(string id)
    {
        using var du = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("du", ["-sk",
            Path.Combine(_root, id)])
        { RedirectStandardOutput = true })!;
        var text = du.StandardOutput.ReadToEnd();
        du.WaitForExit();
        return long.Parse(text.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public string Describe() => string.Join(", ", Ids.Select(id => _nodes.GetValueOrDefault(id) is { } n
        ? $"{id}:{n.State.Role}/t{n.State.Term}/leader={n.State.LeaderId}/applied={n.LastAppliedIndex}"
        : $"{id}:stopped"));

    public async ValueTask DisposeAsync()
    {
        foreach (var id in Ids)
        {
            await StopAsync(id);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind does not affect other tests.
        }
    }
}
