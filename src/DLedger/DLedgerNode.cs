using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Membership;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger.Commit;
using RocketMQ.DLedger.Log;
using RocketMQ.DLedger.StateMachine;

namespace RocketMQ.DLedger;

/// <summary>
/// One member of a broker group's Raft group: a DotNext <see cref="RaftCluster"/> with static membership and a
/// <see cref="WriteAheadLog"/> that is the commit log (architecture decision 1), behind <see cref="IReplicatedLog"/>.
/// </summary>
/// <remarks>Create with <see cref="StartAsync"/>; dispose to stop (the log stays on disk for the next start).</remarks>
public sealed partial class DLedgerNode : IReplicatedLog
{
    /// <summary>Metadata key under which each member publishes its client-facing address.</summary>
    internal const string ClientAddressKey = "clientAddress";

    private readonly DLedgerOptions _options;
    private readonly ILogger _logger;
    private readonly RaftCluster _cluster;
    private readonly ChunkedReplicationLog _log;
    private readonly StateMachineAdapter _adapter;
    private readonly GroupCommitter _committer;
    private readonly Dictionary<EndPoint, string> _idsByEndPoint;
    private readonly CancellationTokenSource _lifetime = new();
    private volatile ReplicaState _state = ReplicaState.Initial;
    private volatile Exception? _logFailure;
    private Task _healthMonitor = Task.CompletedTask;

    private DLedgerNode(DLedgerOptions options, IReplicatedStateMachine stateMachine, DLedgerTransport transport,
        ILoggerFactory loggerFactory)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger<DLedgerNode>();
        _idsByEndPoint = options.PeerList.ToDictionary(p => (EndPoint)ResolveEndPoint(p), p => p.Id);
        _adapter = new StateMachineAdapter(stateMachine, _logger) { TransferCommitted = OnTransferCommitted };
        _log = new ChunkedReplicationLog(
            new WriteAheadLog.Options { Location = options.StoragePath, ChunkSize = options.ChunkSizeBytes },
            _adapter, options.ReplicationChunkBytes);
        _cluster = new RaftCluster(CreateConfiguration(options, transport, loggerFactory)) { AuditTrail = _log };
        _committer = new GroupCommitter(ReplicateBatchAsync, options.MaxBatchBytes, options.MaxInflightBatches);
        _freeDiskBytes = ReadFreeDiskBytes;
    }

    public string SelfId => _options.SelfId;

    public ReplicaState State => _state;

    /// <remarks>DotNext publishes its applied index only after a whole range is applied; the adapter's index moves
    /// after each entry, so reads and waiters see an entry as soon as the state machine has it.</remarks>
    public long LastAppliedIndex => Math.Max(_log.LastAppliedIndex, _adapter.LastHandledIndex);

    /// <summary>The first index still in the log (everything at or below the retention snapshot is gone).</summary>
    public long FirstIndex => (_adapter.Snapshot?.Index ?? 0) + 1;

    public event Action<ReplicaState>? RoleChanged;

    /// <summary>
    /// Opens the log (re-applying committed entries the state machine's checkpoint does not cover) and joins the
    /// group. Returns once the member serves Raft traffic; leadership is announced through <see cref="RoleChanged"/>.
    /// </summary>
    /// <exception cref="Common.Configuration.ConfigurationException">The options are invalid.</exception>
    public static async Task<DLedgerNode> StartAsync(DLedgerOptions options, IReplicatedStateMachine stateMachine,
        DLedgerTransport? transport = null, ILoggerFactory? loggerFactory = null, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stateMachine);
        options.Validate();
        var node = new DLedgerNode(options, stateMachine, transport ?? DLedgerTransport.Tcp,
            loggerFactory ?? NullLoggerFactory.Instance);
        try
        {
            await node.StartCoreAsync(token).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken token)
    {
        _cluster.LeaderChanged += OnLeaderChanged;
        await _cluster.StartAsync(token).ConfigureAwait(false);
        _roleLoop = Task.Run(ProcessRoleChangesAsync, CancellationToken.None);
        _healthMonitor = Task.Run(MonitorHealthAsync, CancellationToken.None);
        if (!string.IsNullOrEmpty(_options.PreferredLeaderId))
        {
            _preferredLeaderLoop = Task.Run(KeepPreferredLeaderAsync, CancellationToken.None);
        }

        _started = true;
        DLedgerLog.Started(_logger, _options.Group, _options.SelfId, _options.Self.ToString(),
            _options.PeerList.Count, _options.StoragePath);
    }

    public async ValueTask DisposeAsync()
    {
        if (_lifetime.IsCancellationRequested)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        _cluster.LeaderChanged -= OnLeaderChanged;
        _roleEvents.Writer.TryComplete();
        await _committer.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _cluster.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _roleLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _preferredLeaderLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _healthMonitor.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _cluster.DisposeAsync().ConfigureAwait(false);
            await _log.DisposeAsync().ConfigureAwait(false);
            _lifetime.Dispose();
        }
    }

    private static RaftCluster.NodeConfiguration CreateConfiguration(DLedgerOptions options, DLedgerTransport transport,
        ILoggerFactory loggerFactory)
    {
        var self = ResolveEndPoint(options.Self);

        // The two arms differ only in the transport; DotNext's settings are init-only, so each needs its own
        // initializer.
        RaftCluster.NodeConfiguration configuration = transport switch
        {
            DLedgerTransport.InMemoryTransport memory => new RaftCluster.CustomTransportConfiguration(self,
                memory.Network.CreateListenerFactory(self), memory.Network.CreateConnectionFactory(self))
            {
                ConfigurationStorage = null!,
                ConnectTimeout = TimeSpan.FromMilliseconds(options.ElectionTimeoutMinMs / 2),
                LowerElectionTimeout = options.ElectionTimeoutMinMs,
                UpperElectionTimeout = options.ElectionTimeoutMaxMs,
                RequestTimeout = TimeSpan.FromMilliseconds(options.RequestTimeoutMs),
                ColdStart = false,
                LoggerFactory = loggerFactory,
            },
            _ => new RaftCluster.TcpConfiguration(self)
            {
                ConfigurationStorage = null!,
                ConnectTimeout = TimeSpan.FromMilliseconds(options.ElectionTimeoutMinMs / 2),
                LowerElectionTimeout = options.ElectionTimeoutMinMs,
                UpperElectionTimeout = options.ElectionTimeoutMaxMs,
                RequestTimeout = TimeSpan.FromMilliseconds(options.RequestTimeoutMs),
                ColdStart = false,
                LoggerFactory = loggerFactory,
            },
        };

        configuration.Metadata[ClientAddressKey] = options.ClientAddress;

        // Static membership (issue 3): every member builds the same initial configuration at every start.
        var builder = ((InMemoryClusterConfigurationStorage<EndPoint>)configuration.ConfigurationStorage)
            .CreateInitialConfigurationBuilder();
        foreach (var peer in options.PeerList)
        {
            builder.Add(ResolveEndPoint(peer));
        }

        builder.Build();
        return configuration;
    }

    private static IPEndPoint ResolveEndPoint(DLedgerPeer peer)
    {
        if (IPAddress.TryParse(peer.Host, out var address))
        {
            return new IPEndPoint(address, peer.Port);
        }

        // Host names are resolved once at start (as RocketMQ's DLedger does); IPv4 first for loopback setups.
        var addresses = Dns.GetHostAddresses(peer.Host);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                     ?? addresses.FirstOrDefault()
                     ?? throw new Common.Configuration.ConfigurationException(DLedgerPeer.PeersKey,
                         $"host '{peer.Host}' of peer {peer.Id} does not resolve");
        return new IPEndPoint(chosen, peer.Port);
    }

    private string? IdOf(EndPoint? endPoint) =>
        endPoint is not null && _idsByEndPoint.TryGetValue(endPoint, out var id) ? id : null;
}
