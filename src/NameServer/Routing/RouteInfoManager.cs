using Microsoft.Extensions.Logging;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol.Body;

namespace RocketMQ.NameServer.Routing;

/// <summary>
/// The route table, with RocketMQ 4.9's RouteInfoManager semantics: clusters → broker groups, broker group →
/// member addresses by broker id, topic → queue data per broker group, and liveness per broker address.
/// </summary>
/// <remarks>
/// Thread-safe: one lock guards every table (name-server traffic is small; a registration touches several
/// tables that must change together). Results handed out are copies, never the live tables.
/// </remarks>
public sealed partial class RouteInfoManager
{
    /// <summary>RocketMQ's broker id of a master.</summary>
    public const long MasterId = 0;

    private readonly object _lock = new();
    private readonly NameServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // topic → broker name → queue data
    private readonly Dictionary<string, Dictionary<string, QueueData>> _topicQueueTable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BrokerData> _brokerAddrTable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _clusterAddrTable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BrokerLiveInfo> _brokerLiveTable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _filterServerTable = new(StringComparer.Ordinal);

    public RouteInfoManager(NameServerOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Registers (or refreshes) a broker. A master's topic configuration replaces its queue data when its data
    /// version changed or on its first registration; an address that was registered under another broker id
    /// is moved (a slave promoted to master). A slave learns its master's address and HA address.
    /// </summary>
    public RegisterBrokerResult Register(BrokerRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        lock (_lock)
        {
            GetOrAdd(_clusterAddrTable, registration.ClusterName, () => new SortedSet<string>(StringComparer.Ordinal))
                .Add(registration.BrokerName);

            var registerFirst = !_brokerAddrTable.TryGetValue(registration.BrokerName, out var brokerData);
            if (brokerData is null)
            {
                brokerData = new BrokerData
                {
                    Cluster = registration.ClusterName,
                    BrokerName = registration.BrokerName,
                };
                _brokerAddrTable[registration.BrokerName] = brokerData;
            }

            // One address has one record: drop it under any other id first (slave → master switch).
            foreach (var id in brokerData.BrokerAddrs.Where(p => p.Value == registration.BrokerAddr &&
                         p.Key != registration.BrokerId).Select(p => p.Key).ToList())
            {
                brokerData.BrokerAddrs.Remove(id);
            }

            registerFirst |= !brokerData.BrokerAddrs.ContainsKey(registration.BrokerId);
            brokerData.BrokerAddrs[registration.BrokerId] = registration.BrokerAddr;

            var dataVersion = registration.TopicConfig?.DataVersion ?? new DataVersion();
            if (registration.TopicConfig is { } wrapper && registration.BrokerId == MasterId &&
                (registerFirst || IsTopicConfigChangedLocked(registration.BrokerAddr, dataVersion)))
            {
                foreach (var topic in wrapper.TopicConfigTable.Values)
                {
                    CreateOrUpdateQueueDataLocked(registration.BrokerName, topic);
                }
            }

            var previous = _brokerLiveTable.GetValueOrDefault(registration.BrokerAddr);
            _brokerLiveTable[registration.BrokerAddr] = new BrokerLiveInfo(
                NowMs(), dataVersion, registration.Channel, registration.HaServerAddr);
            if (previous is null)
            {
                NameServerLog.BrokerRegistered(_logger, registration.BrokerAddr, registration.ClusterName,
                    registration.BrokerName, registration.BrokerId, registration.HaServerAddr);
            }

            if (registration.FilterServers.Count == 0)
            {
                _filterServerTable.Remove(registration.BrokerAddr);
            }
            else
            {
                _filterServerTable[registration.BrokerAddr] = [.. registration.FilterServers];
            }

            return SlaveResultLocked(registration.BrokerId, brokerData);
        }
    }

    /// <summary>Removes one broker address; an emptied broker group leaves its cluster and every topic.</summary>
    public void Unregister(string clusterName, string brokerAddr, string brokerName, long brokerId)
    {
        lock (_lock)
        {
            _brokerLiveTable.Remove(brokerAddr);
            _filterServerTable.Remove(brokerAddr);
            if (_brokerAddrTable.TryGetValue(brokerName, out var brokerData) &&
                brokerData.BrokerAddrs.Remove(brokerId) && brokerData.BrokerAddrs.Count == 0)
            {
                RemoveBrokerNameLocked(brokerName, clusterName);
            }
        }

        NameServerLog.BrokerUnregistered(_logger, brokerAddr, clusterName, brokerName, brokerId);
    }

    /// <summary>True when <paramref name="brokerAddr"/> is unknown or registered a different data version.</summary>
    public bool IsTopicConfigChanged(string brokerAddr, DataVersion dataVersion)
    {
        lock (_lock)
        {
            return IsTopicConfigChangedLocked(brokerAddr, dataVersion);
        }
    }

    /// <summary>The data version the broker last registered, or null.</summary>
    public DataVersion? QueryBrokerTopicConfig(string brokerAddr)
    {
        lock (_lock)
        {
            return _brokerLiveTable.GetValueOrDefault(brokerAddr)?.DataVersion;
        }
    }

    /// <summary>Counts the broker as alive now (QUERY_DATA_VERSION does this, as in Java).</summary>
    public void UpdateBrokerInfoUpdateTimestamp(string brokerAddr)
    {
        lock (_lock)
        {
            if (_brokerLiveTable.TryGetValue(brokerAddr, out var live))
            {
                _brokerLiveTable[brokerAddr] = live with { LastUpdateMs = NowMs() };
            }
        }
    }

    private RegisterBrokerResult SlaveResultLocked(long brokerId, BrokerData brokerData)
    {
        if (brokerId == MasterId || !brokerData.BrokerAddrs.TryGetValue(MasterId, out var masterAddr))
        {
            return new RegisterBrokerResult(null, null);
        }

        return _brokerLiveTable.TryGetValue(masterAddr, out var master)
            ? new RegisterBrokerResult(master.HaServerAddr, masterAddr)
            : new RegisterBrokerResult(null, null);
    }

    private bool IsTopicConfigChangedLocked(string brokerAddr, DataVersion dataVersion) =>
        !_brokerLiveTable.TryGetValue(brokerAddr, out var live) || live.DataVersion != dataVersion;

    private void CreateOrUpdateQueueDataLocked(string brokerName, TopicConfig topic)
    {
        var queueData = new QueueData
        {
            BrokerName = brokerName,
            ReadQueueNums = topic.ReadQueueNums,
            WriteQueueNums = topic.WriteQueueNums,
            Perm = topic.Perm,
            TopicSysFlag = topic.TopicSysFlag,
        };
        GetOrAdd(_topicQueueTable, topic.TopicName,
            () => new Dictionary<string, QueueData>(StringComparer.Ordinal))[brokerName] = queueData;
    }

    private void RemoveBrokerNameLocked(string brokerName, string? clusterName)
    {
        _brokerAddrTable.Remove(brokerName);
        foreach (var (cluster, names) in _clusterAddrTable.ToList())
        {
            if ((clusterName is null || cluster == clusterName) && names.Remove(brokerName) && names.Count == 0)
            {
                _clusterAddrTable.Remove(cluster);
            }
        }

        foreach (var (topic, queues) in _topicQueueTable.ToList())
        {
            if (queues.Remove(brokerName) && queues.Count == 0)
            {
                _topicQueueTable.Remove(topic);
            }
        }

        NameServerLog.BrokerNameRemoved(_logger, brokerName);
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static TValue GetOrAdd<TValue>(Dictionary<string, TValue> map, string key, Func<TValue> create)
    {
        if (!map.TryGetValue(key, out var value))
        {
            value = create();
            map[key] = value;
        }

        return value;
    }

    private static bool HasPermission(QueueData queue, Permission permission) =>
        ((Permission)queue.Perm & permission) == permission;
}
