using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger;
using RocketMQ.DLedger.Transport;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Transport;
using RocketMQ.Store;

namespace RocketMQ.Broker.Tests;

/// <summary>
/// A three-member broker group (n0, n1, n2) in the test process: real <see cref="BrokerController"/>s with the
/// production modules, each with its own directory and client port, whose Raft traffic goes over one
/// <see cref="InMemoryRaftNetwork"/> so a test can isolate or partition members. No name server.
/// </summary>
internal sealed class BrokerGroupHarness : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> Ids = ["n0", "n1", "n2"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "broker-group-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, BrokerController?> _members = [];
    private readonly Dictionary<string, IPEndPoint> _raftEndPoints = [];
    private readonly TcpRemotingClient _client =
        new(new RemotingOptions(), null, NullLoggerFactory.Instance, TimeProvider.System);

    private BrokerGroupHarness()
    {
        foreach (var id in Ids)
        {
            _raftEndPoints[id] = new IPEndPoint(IPAddress.Loopback, BrokerHarness.FreePort());
        }
    }

    public InMemoryRaftNetwork Network { get; } = new();

    /// <summary>Starts the three members and waits (20 s at most) for a leader.</summary>
    /// <param name="configure">Adjusts each member's options (keys as in broker.conf) after the group's own.</param>
    /// <param name="loggers">Logging for every member; null = none.</param>
    public static async Task<BrokerGroupHarness> StartAsync(Action<BrokerOptions>? configure = null,
        ILoggerFactory? loggers = null)
    {
        var group = new BrokerGroupHarness();
        try
        {
            var peers = string.Join(';', Ids.Select(id => $"{id}-127.0.0.1:{group._raftEndPoints[id].Port}"));
            foreach (var id in Ids)
            {
                await group.StartMemberAsync(id, peers, configure, loggers ?? NullLoggerFactory.Instance);
            }

            await group.WaitForLeaderAsync(TimeSpan.FromSeconds(20));
            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    public BrokerContext Context(string id) =>
        (_members[id] ?? throw new InvalidOperationException($"{id} is stopped")).Context;

    public string Address(string id) =>
        $"127.0.0.1:{(_members[id] ?? throw new InvalidOperationException($"{id} is stopped")).ListenEndPoint!.Port}";

    /// <summary>The member's node on the in-memory Raft network (what <see cref="Network"/> isolates).</summary>
    public EndPoint RaftEndPoint(string id) => _raftEndPoints[id];

    /// <summary>Sends a raw request to one member and returns its response.</summary>
    /// <exception cref="TimeoutException">No response within <paramref name="timeout"/> (default 30 s).</exception>
    public Task<RemotingCommand> InvokeAsync(string id, RemotingCommand request,
        SerializeType serialization = SerializeType.Json, TimeSpan? timeout = null)
    {
        request.SerializeType = serialization;
        return _client.InvokeAsync(Address(id), request, timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Waits until exactly one running member other than <paramref name="except"/> has announced leadership (an
    /// announcement comes after it applied everything committed before its term) and returns its id.
    /// </summary>
    public async Task<string> WaitForLeaderAsync(TimeSpan timeout, string? except = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnRole(ReplicaState state) => changed.TrySetResult();
            var logs = Running.Select(id => Context(id).Log).ToList();
            logs.ForEach(log => log.RoleChanged += OnRole);
            try
            {
                var leaders = Running.Where(id => id != except && Context(id).IsLeader).ToList();
                if (leaders.Count == 1)
                {
                    return leaders[0];
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"no single leader: {Describe()}");
                }

                await changed.Task.WaitAsync(left).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                logs.ForEach(log => log.RoleChanged -= OnRole);
            }
        }
    }

    /// <summary>Stops one member (its directory stays until the group is disposed).</summary>
    public async Task StopAsync(string id)
    {
        if (_members.GetValueOrDefault(id) is { } member)
        {
            _members[id] = null;
            await member.DisposeAsync();
        }
    }

    public string Describe() => string.Join(", ", Ids.Select(id => _members.GetValueOrDefault(id) is { } m
        ? $"{id}:{m.Context.Log.State.Role}/t{m.Context.Log.State.Term}/leader={m.Context.Log.State.LeaderId}"
        : $"{id}:stopped"));

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        foreach (var id in Ids)
        {
            await StopAsync(id);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was started.
        }
    }

    private IEnumerable<string> Running => Ids.Where(id => _members.GetValueOrDefault(id) is not null);

    private async Task StartMemberAsync(string id, string peers, Action<BrokerOptions>? configure,
        ILoggerFactory loggers)
    {
        var options = new BrokerOptions
        {
            BrokerName = "broker-group",
            DLegerSelfId = id,
            DLegerPeers = peers,
            ListenPort = BrokerHarness.FreePort(),
            StorePathRootDir = Path.Combine(_root, id),
        };
        options.Store.MappedFileSizeConsumeQueue = 20 * 1024;
        options.Store.MaxHashSlotNum = 1024;
        options.Store.MaxIndexNum = 4096;
        configure?.Invoke(options);
        var controller = new BrokerController(options, BrokerModules.Default(options), loggers, TimeProvider.System,
            DLedgerTransport.InMemory(Network), new MessageStoreEnvironment
            {
                Time = TimeProvider.System,
                DiskUsage = _ => 0.1, // the machine's disk must not start retention under a test
            });
        _members[id] = controller;
        await controller.StartAsync();
    }
}
