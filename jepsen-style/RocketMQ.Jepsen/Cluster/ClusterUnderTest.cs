using System.Globalization;
using RocketMQ.Jepsen.Workload;

namespace RocketMQ.Jepsen.Cluster;

/// <summary>What the run starts: the host programs and where the user's broker confs are.</summary>
internal sealed record ClusterSettings(string NameServerDll, string BrokerDll, string ConfDirectory,
    int NameServerPort, string RunDirectory, IReadOnlyList<string> ExtraBrokerProperties);

/// <summary>
/// A name server and one broker group as real processes on <see cref="INetwork"/>: started from the user's broker
/// confs (rewritten onto the run's directory and addresses), faulted node by node, torn down completely at the end.
/// </summary>
/// <remarks>Node operations are called by one nemesis at a time; <see cref="FindLeaderAsync"/> from anywhere.</remarks>
internal sealed class ClusterUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan AdminTimeout = TimeSpan.FromMilliseconds(500);
    private readonly ClusterSettings _settings;
    private readonly INetwork _network;
    private readonly List<HostProcess> _brokers = [];
    private readonly RocketMqClient _admin = new();
    private HostProcess? _nameServer;

    public ClusterUnderTest(ClusterSettings settings, INetwork network)
    {
        _settings = settings;
        _network = network;
    }

    public INetwork Network => _network;

    public IReadOnlyList<NodeSpec> Nodes { get; private set; } = [];

    /// <summary>Where the runner's clients reach the name server.</summary>
    public string NameServerAddress => $"127.0.0.1:{_settings.NameServerPort}";

    public string LogDirectory => Path.Combine(_settings.RunDirectory, "logs");

    public HostProcess Broker(int node) => _brokers[node];

    /// <summary>Sets up the network, writes each member's conf, starts the name server and the brokers.</summary>
    /// <exception cref="InvalidOperationException">A conf is unusable (the message names the file and key).</exception>
    public async Task StartAsync()
    {
        var confs = Directory.GetFiles(_settings.ConfDirectory, "*.conf").Order(StringComparer.Ordinal)
            .Select(BrokerConf.Load).ToList();
        if (confs.Count < 3)
        {
            throw new InvalidOperationException($"{_settings.ConfDirectory} has {confs.Count} .conf files; the chaos "
                + "runner needs the members of one broker group (at least 3, e.g. conf/dledger)");
        }

        Directory.CreateDirectory(LogDirectory);
        await _network.SetUpAsync(confs.Count).ConfigureAwait(false);
        Nodes = Place(confs);
        _nameServer = new HostProcess("namesrv", _settings.NameServerDll,
            ["-l", _settings.NameServerPort.ToString(CultureInfo.InvariantCulture)],
            Path.Combine(LogDirectory, "namesrv.log"), null);
        _nameServer.Start();
        foreach (var node in Nodes)
        {
            var broker = new HostProcess(node.Id, _settings.BrokerDll, ["-c", node.ConfPath],
                Path.Combine(LogDirectory, $"broker-{node.Id}.log"), _network.NamespaceOf(node.Index));
            _brokers.Add(broker);
            broker.Start();
        }
    }

    /// <summary>The node that says it leads with the highest term, asking every running, unpaused node; null when
    /// none answers as leader within the admin timeout.</summary>
    public async Task<NodeSpec?> FindLeaderAsync()
    {
        var asks = Nodes.Where(node => _brokers[node.Index] is { IsRunning: true, IsPaused: false })
            .Select(async node =>
            {
                try
                {
                    var table = await _admin.RuntimeInfoAsync(node.BrokerAddress, AdminTimeout).ConfigureAwait(false);
                    return table is not null && table.GetValueOrDefault("raftRole") == "Leader"
                        ? (node, long.Parse(table.GetValueOrDefault("raftTerm", "0"), CultureInfo.InvariantCulture))
                        : ((NodeSpec, long)?)null;
                }
                catch (Exception error) when (error is TimeoutException or Remoting.RemotingConnectionException)
                {
                    _admin.Forget(node.BrokerAddress);
                    return null;
                }
            });
        var leaders = (await Task.WhenAll(asks).ConfigureAwait(false)).OfType<(NodeSpec Node, long Term)>();
        return leaders.OrderByDescending(leader => leader.Term).Select(leader => leader.Node).FirstOrDefault();
    }

    /// <summary>Waits until some node leads and the name server routes <paramref name="topic"/> to it.</summary>
    public async Task<NodeSpec> WaitForLeaderAsync(string topic, TimeSpan within, CancellationToken token)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            token.ThrowIfCancellationRequested();
            if (await FindLeaderAsync().ConfigureAwait(false) is { } leader)
            {
                try
                {
                    var master = await _admin.FindMasterAsync(NameServerAddress, topic, AdminTimeout)
                        .ConfigureAwait(false);
                    if (master == leader.BrokerAddress)
                    {
                        return leader;
                    }
                }
                catch (Exception error) when (error is TimeoutException or Remoting.RemotingConnectionException)
                {
                    // The name server is still starting.
                }
            }

            await Task.Delay(100, token).ConfigureAwait(false);
        }

        var exited = _brokers.Where(broker => !broker.IsRunning).Select(broker => broker.Name).ToList();
        throw new TimeoutException($"no leader routed by the name server within {within.TotalSeconds:0} s"
            + (exited.Count > 0 ? $"; exited: {string.Join(", ", exited)}" : "") + $"; logs in {LogDirectory}");
    }

    /// <summary>Creates <paramref name="topic"/> on the leader (replicated to the group).</summary>
    public async Task CreateTopicAsync(string topic, int queues, CancellationToken token)
    {
        var leader = await WaitForLeaderAsync("TBW102", TimeSpan.FromSeconds(60), token).ConfigureAwait(false);
        var (code, remark) = await _admin.CreateTopicAsync(leader.BrokerAddress, topic, queues,
            TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"creating topic {topic} on {leader.Id} failed: {code} {remark}");
        }
    }

    /// <summary>Stops everything this run started (paused processes are resumed first) and removes the network.
    /// Safe to call more than once and after a failed start.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_brokers.Select(broker => broker.StopAsync(TimeSpan.FromSeconds(10))))
            .ConfigureAwait(false);
        if (_nameServer is not null)
        {
            await _nameServer.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }

        foreach (var process in _brokers.Append(_nameServer))
        {
            process?.Dispose();
        }

        await _admin.DisposeAsync().ConfigureAwait(false);
        await _network.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Rewrites each conf: store under the run, the runner's name server, addresses on the network.</summary>
    private List<NodeSpec> Place(List<BrokerConf> confs)
    {
        var ids = confs.Select(conf => conf.Require("dLegerSelfId")).ToList();
        var raftPorts = RaftPorts(confs[0], ids);
        var peers = string.Join(';', ids.Select((id, i) => $"{id}-{_network.AddressOf(i)}:{raftPorts[id]}"));
        var nodes = new List<NodeSpec>();
        for (var i = 0; i < confs.Count; i++)
        {
            var conf = confs[i];
            var data = Path.Combine(_settings.RunDirectory, "data", ids[i]);
            Directory.CreateDirectory(data);
            conf.Set("storePathRootDir", data);
            conf.Set("storePathCommitLog", Path.Combine(data, "commitlog"));
            conf.Set("namesrvAddr", $"{_network.NameServerHost}:{_settings.NameServerPort}");
            conf.Set("brokerIP1", _network.AddressOf(i));
            conf.Set("dLegerPeers", peers);
            foreach (var property in _settings.ExtraBrokerProperties)
            {
                var separator = property.IndexOf('=', StringComparison.Ordinal);
                conf.Set(property[..separator].Trim(), property[(separator + 1)..].Trim());
            }

            var confPath = Path.Combine(_settings.RunDirectory, $"broker-{ids[i]}.conf");
            conf.Save(confPath);
            var port = int.Parse(conf.Get("listenPort") ?? "10911", CultureInfo.InvariantCulture);
            nodes.Add(new NodeSpec(i, ids[i], _network.AddressOf(i), port, raftPorts[ids[i]], data, confPath));
        }

        return nodes;
    }

    /// <summary>Each member's Raft port from dLegerPeers (<c>id-host:port;…</c>), which must name every conf's id.
    /// </summary>
    private static Dictionary<string, int> RaftPorts(BrokerConf conf, List<string> ids)
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var peer in conf.Require("dLegerPeers").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = peer.IndexOf('-', StringComparison.Ordinal);
            var colon = peer.LastIndexOf(':');
            if (dash <= 0 || colon < dash || !int.TryParse(peer[(colon + 1)..], CultureInfo.InvariantCulture,
                    out var port))
            {
                throw new InvalidOperationException($"{conf.Path}: dLegerPeers entry '{peer}' is not id-host:port");
            }

            ports[peer[..dash].Trim()] = port;
        }

        foreach (var id in ids.Where(id => !ports.ContainsKey(id)))
        {
            throw new InvalidOperationException($"{conf.Path}: dLegerPeers does not name member '{id}'");
        }

        return ports;
    }
}
