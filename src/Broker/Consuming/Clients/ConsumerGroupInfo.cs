using System.Collections.Concurrent;
using RocketMQ.Remoting.Protocol.Body;

namespace RocketMQ.Broker.Consuming.Clients;

/// <summary>
/// The online members of one consumer group and their subscriptions (RocketMQ's <c>ConsumerGroupInfo</c>).
/// </summary>
/// <remarks>Changed only by <see cref="ConsumerManager"/> under its lock; read from any thread without locks (the
/// pull path looks subscriptions up here).</remarks>
public sealed class ConsumerGroupInfo
{
    private readonly ConcurrentDictionary<long, ClientChannelInfo> _channels = new();
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);

    internal ConsumerGroupInfo(string groupName) => GroupName = groupName;

    public string GroupName { get; }

    /// <summary>As the last heartbeat said (<c>CONSUME_PASSIVELY</c> …); null before the first.</summary>
    public string? ConsumeType { get; private set; }

    public string? MessageModel { get; private set; }

    public string? ConsumeFromWhere { get; private set; }

    /// <summary>Whether the group consumes in broadcasting mode.</summary>
    public bool IsBroadcasting => MessageModel == "BROADCASTING";

    /// <summary>The members' connections (a snapshot).</summary>
    public IReadOnlyList<ClientChannelInfo> Channels => [.. _channels.Values];

    /// <summary>Client ids of the members (a snapshot, in no particular order; clients sort it).</summary>
    public IReadOnlyList<string> ClientIds => [.. _channels.Values.Select(c => c.ClientId)];

    /// <summary>Topic → subscription (a snapshot).</summary>
    public IReadOnlyDictionary<string, Subscription> Subscriptions =>
        new Dictionary<string, Subscription>(_subscriptions, StringComparer.Ordinal);

    internal bool IsEmpty => _channels.IsEmpty;

    /// <summary>The group's subscription to <paramref name="topic"/>, or null.</summary>
    public Subscription? FindSubscription(string topic) => _subscriptions.GetValueOrDefault(topic);

    /// <summary>The member with this client id, or null.</summary>
    public ClientChannelInfo? FindChannel(string clientId) =>
        _channels.Values.FirstOrDefault(c => c.ClientId == clientId);

    internal ClientChannelInfo? FindChannel(long channelId) => _channels.GetValueOrDefault(channelId);

    /// <summary>Adds or refreshes a member; true when it is new (Java's <c>updateChannel</c>).</summary>
    internal bool UpdateChannel(ClientChannelInfo info, ConsumerData data, long nowMs)
    {
        ConsumeType = data.ConsumeType;
        MessageModel = data.MessageModel;
        ConsumeFromWhere = data.ConsumeFromWhere;
        if (_channels.TryGetValue(info.Channel.Id, out var old) && old.ClientId == info.ClientId)
        {
            old.LastUpdateTimestamp = nowMs;
            return false;
        }

        // A channel that re-announces itself with another client id is replaced (Java logs it as a bug, and keeps the
        // new one too); neither counts as a membership change unless the channel is new.
        _channels[info.Channel.Id] = info;
        return old is null;
    }

    /// <summary>Replaces the subscriptions with the heartbeat's; true when topics were added or removed (a newer
    /// version of an existing topic replaces it without counting as a change, as Java's
    /// <c>updateSubscription</c>).</summary>
    internal bool UpdateSubscriptions(IReadOnlyList<SubscriptionData> subscriptions)
    {
        var changed = false;
        foreach (var data in subscriptions)
        {
            if (data.Topic is null)
            {
                continue;
            }

            if (!_subscriptions.TryGetValue(data.Topic, out var old))
            {
                _subscriptions[data.Topic] = Subscription.FromHeartbeat(data);
                changed = true;
            }
            else if (data.SubVersion > old.Data.SubVersion)
            {
                _subscriptions[data.Topic] = Subscription.FromHeartbeat(data);
            }
        }

        foreach (var topic in _subscriptions.Keys)
        {
            if (!subscriptions.Any(s => s.Topic == topic))
            {
                _subscriptions.TryRemove(topic, out _);
                changed = true;
            }
        }

        return changed;
    }

    internal ClientChannelInfo? RemoveChannel(long channelId) =>
        _channels.TryRemove(channelId, out var removed) ? removed : null;
}
