using System.Runtime.InteropServices;

namespace RocketMQ.Broker.Admin;

/// <summary>Puts counted from queue growth: the store reports each queue's new end after every applied entry.
/// </summary>
public sealed partial class BrokerStats
{
    private readonly Dictionary<(string Topic, int QueueId), long> _queueEnds = [];
    private readonly Lock _queuesLock = new();

    /// <summary>
    /// Counts the messages a queue gained since it was last seen (the store's
    /// <see cref="Store.MessageStore.MessagesArrived"/> handler: once per queue per applied entry, on the applier).
    /// A queue whose end went down was deleted and created again, so its whole end counts.
    /// </summary>
    public void ObserveQueue(string topic, int queueId, long maxOffset)
    {
        long grown;
        lock (_queuesLock)
        {
            ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(_queueEnds, (topic, queueId), out _);
            grown = maxOffset >= last ? maxOffset - last : maxOffset;
            last = maxOffset;
        }

        RecordPut(grown);
    }

    /// <summary>Learns a queue's end without counting it (what the store held when the broker started).</summary>
    public void Baseline(string topic, int queueId, long maxOffset)
    {
        lock (_queuesLock)
        {
            _queueEnds[(topic, queueId)] = maxOffset;
        }
    }
}
