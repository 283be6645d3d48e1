using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol.Body;

namespace RocketMQ.NameServer.Routing;

public sealed partial class RouteInfoManager
{
    /// <summary>
    /// The route of <paramref name="topic"/>: its queue data and the broker groups holding them. Null when the
    /// topic is unknown or none of its broker groups is registered (clients then see TOPIC_NOT_EXIST).
    /// </summary>
    public TopicRouteData? PickupTopicRouteData(string topic)
    {
        lock (_lock)
        {
            if (!_topicQueueTable.TryGetValue(topic, out var queues))
            {
                return null;
            }

            var route = new TopicRouteData();
            foreach (var queue in queues.Values.OrderBy(q => q.BrokerName, StringComparer.Ordinal))
            {
                route.QueueDatas.Add(queue with { });
                if (!_brokerAddrTable.TryGetValue(queue.BrokerName, out var brokerData))
                {
                    continue;
                }

                route.BrokerDatas.Add(brokerData.Clone());
                foreach (var address in brokerData.BrokerAddrs.Values)
                {
                    if (_filterServerTable.TryGetValue(address, out var filters))
                    {
                        route.FilterServerTable[address] = [.. filters];
                    }
                }
            }

            return route.BrokerDatas.Count > 0 ? route : null;
        }
    }

    /// <summary>Every broker group and the clusters they belong to.</summary>
    public ClusterInfo GetClusterInfo()
    {
        lock (_lock)
        {
            var info = new ClusterInfo();
            foreach (var (name, data) in _brokerAddrTable)
            {
                info.BrokerAddrTable[name] = data.Clone();
            }

            foreach (var (cluster, names) in _clusterAddrTable)
            {
                info.ClusterAddrTable[cluster] = new SortedSet<string>(names, StringComparer.Ordinal);
            }

            return info;
        }
    }

    /// <summary>Every topic with a route.</summary>
    public TopicList GetAllTopics()
    {
        lock (_lock)
        {
            return new TopicList { Topics = new SortedSet<string>(_topicQueueTable.Keys, StringComparer.Ordinal) };
        }
    }

    /// <summary>Topics with queues on any broker group of <paramref name="cluster"/>.</summary>
    public TopicList GetTopicsByCluster(string cluster)
    {
        lock (_lock)
        {
            var list = new TopicList();
            if (!_clusterAddrTable.TryGetValue(cluster, out var names))
            {
                return list;
            }

            foreach (var (topic, queues) in _topicQueueTable)
            {
                if (queues.Keys.Any(names.Contains))
                {
                    list.Topics.Add(topic);
                }
            }

            return list;
        }
    }

    /// <summary>
    /// Java's "system topics" from the name server: every cluster name and broker-group name (each is also a
    /// topic on its brokers), plus a master address where the broker-side system topics can be fetched.
    /// </summary>
    public TopicList GetSystemTopicList()
    {
        lock (_lock)
        {
            var list = new TopicList();
            foreach (var (cluster, names) in _clusterAddrTable)
            {
                list.Topics.Add(cluster);
                list.Topics.UnionWith(names);
            }

            list.BrokerAddr = _brokerAddrTable.Values
                .Select(b => b.BrokerAddrs.GetValueOrDefault(MasterId))
                .FirstOrDefault(address => address is not null);
            return list;
        }
    }

    /// <summary>Clears the write permission of every queue data on <paramref name="brokerName"/> (used before
    /// taking a broker group down); returns how many topics changed.</summary>
    public int WipeWritePermOfBroker(string brokerName)
    {
        var count = 0;
        lock (_lock)
        {
            foreach (var queues in _topicQueueTable.Values)
            {
                if (queues.TryGetValue(brokerName, out var queue) && HasPermission(queue, Permission.Write))
                {
                    queues[brokerName] = queue with { Perm = queue.Perm & ~(int)Permission.Write };
                    count++;
                }
            }
        }

        NameServerLog.WritePermWiped(_logger, brokerName, count);
        return count;
    }

    /// <summary>Removes a topic's route (brokers re-create it on their next registration if they still have it
    /// and their data version changed).</summary>
    public void DeleteTopic(string topic)
    {
        lock (_lock)
        {
            _topicQueueTable.Remove(topic);
        }

        NameServerLog.TopicDeleted(_logger, topic);
    }
}
