using Microsoft.Extensions.Logging;
using RocketMQ.Remoting.Protocol.Body;

namespace RocketMQ.Broker.Consuming.Locking;

/// <summary>
/// Queue locks of orderly consumers (RocketMQ's <c>RebalanceLockManager</c>): per group and queue, one client holds
/// the lock; it lapses when not renewed within <see cref="ConsumeOptions.RebalanceLockMaxLiveTimeMs"/> (clients renew
/// every 20 s), after which another client may take it.
/// </summary>
/// <remarks>Thread-safe (one lock; batches arrive every 20 s per client). Locks are in memory and local to the leader,
/// as RocketMQ's are local to the master: after a failover the new leader grants them afresh.</remarks>
public sealed class RebalanceLockManager(TimeProvider time, int maxLiveTimeMs, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<QueueKey, LockEntry>> _groups = new(StringComparer.Ordinal);

    /// <summary>Locks (or renews) each queue for <paramref name="clientId"/> unless another client holds it;
    /// returns the queues the client now holds.</summary>
    public IReadOnlyList<MessageQueueData> TryLockBatch(string group, IEnumerable<MessageQueueData> queues,
        string clientId)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var locked = new List<MessageQueueData>();
        lock (_gate)
        {
            if (!_groups.TryGetValue(group, out var entries))
            {
                _groups[group] = entries = [];
            }

            foreach (var queue in queues)
            {
                var key = new QueueKey(queue.Topic, queue.BrokerName, queue.QueueId);
                if (!entries.TryGetValue(key, out var entry))
                {
                    entries[key] = new LockEntry(clientId, now);
                    locked.Add(queue);
                }
                else if (entry.ClientId == clientId || IsExpired(entry, now))
                {
                    if (entry.ClientId != clientId)
                    {
                        ConsumeLog.LockTaken(logger, group, queue.Topic, queue.QueueId, clientId, entry.ClientId);
                    }

                    entries[key] = new LockEntry(clientId, now);
                    locked.Add(queue);
                }
            }
        }

        return locked;
    }

    /// <summary>Releases the queues <paramref name="clientId"/> holds; queues held by others are left alone.</summary>
    public void UnlockBatch(string group, IEnumerable<MessageQueueData> queues, string clientId)
    {
        ArgumentNullException.ThrowIfNull(queues);
        lock (_gate)
        {
            if (!_groups.TryGetValue(group, out var entries))
            {
                return;
            }

            foreach (var queue in queues)
            {
                var key = new QueueKey(queue.Topic, queue.BrokerName, queue.QueueId);
                if (entries.TryGetValue(key, out var entry) && entry.ClientId == clientId)
                {
                    entries.Remove(key);
                }
            }

            if (entries.Count == 0)
            {
                _groups.Remove(group);
            }
        }
    }

    /// <summary>Whether <paramref name="clientId"/> holds a live lock on the queue.</summary>
    public bool IsLocked(string group, MessageQueueData queue, string clientId)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            return _groups.TryGetValue(group, out var entries)
                && entries.TryGetValue(new QueueKey(queue.Topic, queue.BrokerName, queue.QueueId), out var entry)
                && entry.ClientId == clientId && !IsExpired(entry, now);
        }
    }

    private bool IsExpired(LockEntry entry, long now) => now - entry.LastUpdateTimestamp > maxLiveTimeMs;

    private readonly record struct QueueKey(string Topic, string BrokerName, int QueueId);

    private readonly record struct LockEntry(string ClientId, long LastUpdateTimestamp);
}
