using System.Diagnostics;
using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Membership;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using RocketMQ.DLedger.Transport;

namespace RocketMQ.DLedger.Tests.Transport;

/// <summary>
/// DotNext Raft nodes in this process, talking over one <see cref="InMemoryRaftNetwork"/>, each with a
/// write-ahead log in its own temporary directory (deleted on dispose). Static membership: every node starts
/// with the same configuration listing all endpoints.
/// </summary>
internal sealed class InMemoryRaftGroup : IAsyncDisposable
{
    private readonly List<WriteAheadLog> _logs = [];
    private readonly List<DirectoryInfo> _directories = [];
    private TaskCompletionSource _changed = NewSignal();

    private InMemoryRaftGroup(InMemoryRaftNetwork network) => Network = network;

    public InMemoryRaftNetwork Network { get; }

    public List<(EndPoint EndPoint, RaftCluster Cluster)> Nodes { get; } = [];

    /// <summary>Creates and starts one node per endpoint.</summary>
    public static async Task<InMemoryRaftGroup> StartAsync(InMemoryRaftNetwork network, IReadOnlyList<EndPoint> members)
    {
        var group = new InMemoryRaftGroup(network);
        try
        {
            foreach (var endPoint in members)
            {
                group.Nodes.Add((endPoint, group.CreateNode(endPoint, members)));
            }

            foreach (var (_, cluster) in group.Nodes)
            {
                await cluster.StartAsync();
            }

            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    /// <summary>The endpoint node <paramref name="cluster"/> believes leads, or <see langword="null"/>.</summary>
    public static EndPoint? LeaderSeenBy(RaftCluster cluster) => cluster.Leader?.EndPoint;

    /// <summary>Waits, woken by every <c>LeaderChanged</c> event of any node, until <paramref name="condition"/>
    /// holds; fails with <paramref name="what"/> when <paramref name="timeout"/> passes first.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // Take the signal before checking, so a change between the check and the wait is not lost.
            var changed = Volatile.Read(ref _changed).Task;
            if (condition())
            {
                return;
            }

            var remaining = timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                Assert.Fail($"Timed out after {timeout} waiting until {what}. Leaders seen: {Describe()}");
            }

            try
            {
                await changed.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
                // Checked once more at the top, then reported.
            }
        }
    }

    public string Describe() =>
        string.Join(", ", Nodes.Select(n => $"{n.EndPoint} -> {LeaderSeenBy(n.Cluster)?.ToString() ?? "none"}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, cluster) in Nodes)
        {
            await cluster.StopAsync();
            cluster.LeaderChanged -= OnLeaderChanged;
            await cluster.DisposeAsync();
        }

        foreach (var log in _logs)
        {
            await log.DisposeAsync();
        }

        foreach (var directory in _directories)
        {
            directory.Delete(recursive: true);
        }
    }

    private RaftCluster CreateNode(EndPoint endPoint, IReadOnlyList<EndPoint> members)
    {
        var config = new RaftCluster.CustomTransportConfiguration(
            endPoint,
            Network.CreateListenerFactory(endPoint),
            Network.CreateConnectionFactory(endPoint))
        {
            LowerElectionTimeout = 150,
            UpperElectionTimeout = 300,
            ColdStart = false,
            ConfigurationStorage = null!, // null selects the in-memory storage filled below
        };
        var membership = ((InMemoryClusterConfigurationStorage<EndPoint>)config.ConfigurationStorage)
            .CreateInitialConfigurationBuilder();
        foreach (var member in members)
        {
            membership.Add(member);
        }

        membership.Build();
        var directory = Directory.CreateTempSubdirectory("rocketmq-inmemory-raft-");
        _directories.Add(directory);
        var log = new WriteAheadLog(
            new WriteAheadLog.Options { Location = directory.FullName },
            IStateMachine.CreateNoOp());
        _logs.Add(log);
        var cluster = new RaftCluster(config) { AuditTrail = log };
        cluster.LeaderChanged += OnLeaderChanged;
        return cluster;
    }

    private void OnLeaderChanged(RaftCluster<RaftClusterMember> cluster, RaftClusterMember? leader) =>
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
