using System.Collections.Concurrent;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol.Body;

namespace RocketMQ.Broker.Consuming.Clients;

/// <summary>
/// The consumer groups online at this broker, from heartbeats (RocketMQ's <c>ConsumerManager</c>): members by
/// channel, their subscriptions, membership changes announced through <see cref="ConsumerIdsChanged"/>.
/// </summary>
/// <remarks>
/// Thread-safe. Changes (heartbeat, unregister, channel close, expiry) are serialized by one lock — they come at
/// heartbeat rate — and announced after it is released; lookups (every pull) take no lock. Membership is local
/// to each broker, as in RocketMQ: clients heartbeat every broker of the group, leader and followers alike.
/// </remarks>
public sealed class ConsumerManager
{
    private readonly ConcurrentDictionary<string, ConsumerGroupInfo> _groups = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Func<string, bool> _notifyEnabled;

    /// <param name="notifyEnabled">Whether a group's members are told of membership changes (the broker's
    /// <c>notifyConsumerIdsChangedEnable</c> and the group's own setting).</param>
    public ConsumerManager(Func<string, bool> notifyEnabled)
    {
        ArgumentNullException.ThrowIfNull(notifyEnabled);
        _notifyEnabled = notifyEnabled;
    }

    /// <summary>
    /// Raised (outside any lock) when a group's membership or subscribed topics changed and its members should
    /// rebalance, with the group and its remaining members. Handlers must not block.
    /// </summary>
    public event Action<string, IReadOnlyList<ClientChannelInfo>>? ConsumerIdsChanged;

    /// <summary>The groups with at least one member (a snapshot).</summary>
    public IReadOnlyCollection<string> Groups => [.. _groups.Keys];

    /// <summary>The group's online state, or null when no member is online.</summary>
    public ConsumerGroupInfo? Find(string group) => _groups.GetValueOrDefault(group);

    /// <summary>The member of <paramref name="group"/> with this client id, or null.</summary>
    public ClientChannelInfo? FindChannel(string group, string clientId) => Find(group)?.FindChannel(clientId);

    /// <summary>The group's subscription to <paramref name="topic"/>, or null.</summary>
    public Subscription? FindSubscription(string group, string topic) => Find(group)?.FindSubscription(topic);

    /// <summary>The groups whose members subscribe to <paramref name="topic"/> (QUERY_TOPIC_CONSUME_BY_WHO).</summary>
    public IReadOnlyCollection<string> QueryTopicConsumeByWho(string topic) =>
        [.. _groups.Values.Where(g => g.FindSubscription(topic) is not null).Select(g => g.GroupName)];

    /// <summary>
    /// Records a member's heartbeat for <paramref name="data"/>'s group; returns true when the membership or the
    /// subscribed topics changed (and then announces it).
    /// </summary>
    public bool Register(ClientChannelInfo client, ConsumerData data, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(data);
        var group = data.GroupName ?? throw new ArgumentException("the consumer data has no group name", nameof(data));
        bool changed;
        IReadOnlyList<ClientChannelInfo> members;
        lock (_gate)
        {
            var info = _groups.GetOrAdd(group, static name => new ConsumerGroupInfo(name));
            var joined = info.UpdateChannel(client, data, nowMs);
            changed = info.UpdateSubscriptions(data.SubscriptionDataSet) | joined;
            members = info.Channels;
        }

        if (changed)
        {
            Announce(group, members);
        }

        return changed;
    }

    /// <summary>Removes the member on <paramref name="channel"/> from <paramref name="group"/> (UNREGISTER_CLIENT).
    /// </summary>
    public void Unregister(string group, IRemotingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (Remove(group, channel.Id) is { } members)
        {
            Announce(group, members);
        }
    }

    /// <summary>Removes the channel from every group (it closed); announces each group it left.</summary>
    public void OnChannelClosed(IRemotingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        foreach (var group in _groups.Keys)
        {
            if (Remove(group, channel.Id) is { } members)
            {
                Announce(group, members);
            }
        }
    }

    /// <summary>
    /// Closes members that sent no heartbeat since <paramref name="expiredBeforeMs"/> or whose channel is gone
    /// (Java's <c>scanNotActiveChannel</c>); their removal is announced, so the rest rebalance at once. Returns the
    /// members dropped.
    /// </summary>
    public IReadOnlyList<ClientChannelInfo> ScanNotActive(long expiredBeforeMs)
    {
        var dropped = new List<ClientChannelInfo>();
        foreach (var info in _groups.Values)
        {
            foreach (var member in info.Channels)
            {
                if (member.LastUpdateTimestamp < expiredBeforeMs || !member.Channel.IsActive)
                {
                    dropped.Add(member);
                    if (Remove(info.GroupName, member.Channel.Id) is { } members)
                    {
                        Announce(info.GroupName, members);
                    }
                }
            }
        }

        return dropped;
    }

    /// <summary>Removes one member; returns the remaining members, or null when it was not a member.</summary>
    private List<ClientChannelInfo>? Remove(string group, long channelId)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(group, out var info) || info.RemoveChannel(channelId) is null)
            {
                return null;
            }

            if (info.IsEmpty)
            {
                _groups.TryRemove(group, out _);
            }

            return [.. info.Channels];
        }
    }

    private void Announce(string group, IReadOnlyList<ClientChannelInfo> members)
    {
        if (members.Count > 0 && _notifyEnabled(group))
        {
            ConsumerIdsChanged?.Invoke(group, members);
        }
    }
}
