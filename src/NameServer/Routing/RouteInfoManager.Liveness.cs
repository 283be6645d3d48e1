using RocketMQ.Remoting;

namespace RocketMQ.NameServer.Routing;

public sealed partial class RouteInfoManager
{
    /// <summary>Raised (outside the lock) with the broker address after a broker expired or its connection
    /// closed. Handlers must be quick and must not throw.</summary>
    public event Action<string>? BrokerRemoved;

    /// <summary>
    /// Drops every broker not heard from for <see cref="NameServerOptions.BrokerChannelExpiredTimeMs"/> and
    /// closes its connection; returns how many were dropped. Called periodically by the controller.
    /// </summary>
    public int ScanNotActiveBrokers()
    {
        var now = NowMs();
        var expiredAfter = _options.BrokerChannelExpiredTimeMs;
        List<(string Address, BrokerLiveInfo Info)> expired;
        lock (_lock)
        {
            expired = _brokerLiveTable
                .Where(p => now - p.Value.LastUpdateMs > expiredAfter)
                .Select(p => (p.Key, p.Value))
                .ToList();
            foreach (var (address, _) in expired)
            {
                RemoveBrokerAddressLocked(address);
            }
        }

        foreach (var (address, info) in expired)
        {
            NameServerLog.BrokerExpired(_logger, address, now - info.LastUpdateMs);
            BrokerRemoved?.Invoke(address);
            // Closing raises OnChannelClosed, which finds nothing left to remove.
            info.Channel?.Close("broker expired: no registration for " + expiredAfter + " ms");
        }

        return expired.Count;
    }

    /// <summary>
    /// A connection closed: the broker that registered over it (or, failing that, the broker at its remote
    /// address) leaves the route table at once.
    /// </summary>
    public void OnChannelDestroy(IRemotingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        string? removed = null;
        lock (_lock)
        {
            var address = _brokerLiveTable.FirstOrDefault(p => ReferenceEquals(p.Value.Channel, channel)).Key;
            if (address is null && _brokerLiveTable.TryGetValue(channel.RemoteAddress, out var live) &&
                live.Channel is null)
            {
                // Registered without a channel reference (e.g. an embedded caller): match by address only then.
                address = channel.RemoteAddress;
            }

            if (address is not null)
            {
                RemoveBrokerAddressLocked(address);
                removed = address;
            }
        }

        if (removed is not null)
        {
            NameServerLog.BrokerChannelClosed(_logger, removed);
            BrokerRemoved?.Invoke(removed);
        }
    }

    /// <summary>The live brokers' addresses (for diagnostics and tests).</summary>
    public IReadOnlyCollection<string> LiveBrokerAddresses()
    {
        lock (_lock)
        {
            return [.. _brokerLiveTable.Keys];
        }
    }

    private void RemoveBrokerAddressLocked(string brokerAddr)
    {
        _brokerLiveTable.Remove(brokerAddr);
        _filterServerTable.Remove(brokerAddr);
        foreach (var (brokerName, data) in _brokerAddrTable.ToList())
        {
            foreach (var id in data.BrokerAddrs.Where(p => p.Value == brokerAddr).Select(p => p.Key).ToList())
            {
                data.BrokerAddrs.Remove(id);
            }

            if (data.BrokerAddrs.Count == 0)
            {
                RemoveBrokerNameLocked(brokerName, clusterName: null);
            }
        }
    }
}
