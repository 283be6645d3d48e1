using System.Collections.Concurrent;
using RocketMQ.Remoting;

namespace RocketMQ.Broker.Consuming.Clients;

/// <summary>
/// The producer groups online at this broker, from heartbeats (RocketMQ's <c>ProducerManager</c>); the transaction
/// check finds a producer channel here.
/// </summary>
/// <remarks>Thread-safe: changes are serialized by one lock (heartbeat rate), lookups take none.</remarks>
public sealed class ProducerManager
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, ClientChannelInfo>> _groups =
        new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, ClientChannelInfo> _byClientId = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _roundRobin;

    /// <summary>The groups with at least one producer online (a snapshot).</summary>
    public IReadOnlyCollection<string> Groups => [.. _groups.Keys];

    /// <summary>The group's producers (a snapshot), or null when none is online.</summary>
    public IReadOnlyList<ClientChannelInfo>? Find(string group) =>
        _groups.TryGetValue(group, out var members) ? [.. members.Values] : null;

    /// <summary>The channel of the producer with this client id, or null.</summary>
    public IRemotingChannel? FindChannel(string clientId) => _byClientId.GetValueOrDefault(clientId)?.Channel;

    /// <summary>
    /// An active channel of the group, rotating among members (Java's <c>getAvailableChannel</c>, used to send
    /// CHECK_TRANSACTION_STATE); null when the group has none.
    /// </summary>
    public IRemotingChannel? GetAvailableChannel(string group)
    {
        if (Find(group) is not { Count: > 0 } members)
        {
            return null;
        }

        var start = (int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var channel = members[(start + i) % members.Count].Channel;
            if (channel.IsActive)
            {
                return channel;
            }
        }

        return null;
    }

    /// <summary>Records a producer's heartbeat; returns true when it is new to the group.</summary>
    public bool Register(string group, ClientChannelInfo client, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_gate)
        {
            var members = _groups.GetOrAdd(group, static _ => new ConcurrentDictionary<long, ClientChannelInfo>());
            if (members.TryGetValue(client.Channel.Id, out var known))
            {
                known.LastUpdateTimestamp = nowMs;
                return false;
            }

            members[client.Channel.Id] = client;
            _byClientId[client.ClientId] = client;
            return true;
        }
    }

    /// <summary>Removes the producer on <paramref name="channel"/> from <paramref name="group"/>.</summary>
    public void Unregister(string group, IRemotingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            RemoveLocked(group, channel.Id);
        }
    }

    /// <summary>Removes the channel from every group (it closed).</summary>
    public void OnChannelClosed(IRemotingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            foreach (var group in _groups.Keys)
            {
                RemoveLocked(group, channel.Id);
            }
        }
    }

    /// <summary>Drops producers silent since <paramref name="expiredBeforeMs"/> or whose channel is gone, and closes
    /// their channels (Java's <c>scanNotActiveChannel</c>); returns them.</summary>
    public IReadOnlyList<ClientChannelInfo> ScanNotActive(long expiredBeforeMs)
    {
        var dropped = new List<ClientChannelInfo>();
        lock (_gate)
        {
            foreach (var (group, members) in _groups)
            {
                foreach (var member in members.Values)
                {
                    if (member.LastUpdateTimestamp < expiredBeforeMs || !member.Channel.IsActive)
                    {
                        RemoveLocked(group, member.Channel.Id);
                        dropped.Add(member);
                    }
                }
            }
        }

        return dropped;
    }

    private void RemoveLocked(string group, long channelId)
    {
        if (!_groups.TryGetValue(group, out var members) || !members.TryRemove(channelId, out var removed))
        {
            return;
        }

        _byClientId.TryRemove(KeyValuePair.Create(removed.ClientId, removed));
        if (members.IsEmpty)
        {
            _groups.TryRemove(group, out _);
        }
    }
}
