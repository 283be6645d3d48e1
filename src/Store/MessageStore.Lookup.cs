using RocketMQ.Common.Messages;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;

namespace RocketMQ.Store;

/// <summary>Lookups besides the consumer read: by commit-log offset, by key, by time; queue bounds.</summary>
public sealed partial class MessageStore
{
    /// <summary>The queue's next offset (its message count, deleted ones included); 0 for an unknown queue.</summary>
    public long GetMaxOffsetInQueue(string topic, int queueId) => _queues.Find(topic, queueId)?.MaxOffset ?? 0;

    /// <summary>The queue's first readable offset; 0 for an unknown queue.</summary>
    public long GetMinOffsetInQueue(string topic, int queueId) => _queues.Find(topic, queueId)?.MinOffset ?? 0;

    /// <summary>The commit-log offset of the message at a queue offset, or 0 when not readable.</summary>
    public long GetCommitLogOffsetInQueue(string topic, int queueId, long queueOffset) =>
        _queues.Find(topic, queueId) is { } queue && queue.TryRead(queueOffset, out var unit) ? unit.CommitLogOffset : 0;

    /// <summary>The queues the store holds for a topic, as (queue id, min offset, max offset).</summary>
    public IReadOnlyList<(int QueueId, long MinOffset, long MaxOffset)> QueuesOf(string topic) =>
        [.. _queues.QueuesOf(topic).Select(q => (q.QueueId, q.MinOffset, q.MaxOffset)).OrderBy(q => q.QueueId)];

    /// <summary>
    /// The message at a commit-log offset (VIEW_MESSAGE_BY_ID decodes it from <c>offsetMsgId</c>; works on every
    /// replica, for ids issued by any leader), with its queue offset filled in. Status <see cref="GetMessageStatus.Found"/>
    /// with one message, <see cref="GetMessageStatus.MessageWasRemoving"/> below retention, or
    /// <see cref="GetMessageStatus.OffsetFoundNull"/> when nothing valid is there.
    /// </summary>
    public async ValueTask<GetMessageResult> LookMessageByOffsetAsync(long commitLogOffset,
        CancellationToken token = default)
    {
        var result = new GetMessageResult();
        result.Status = await ReadOneAsync(commitLogOffset, result, token).ConfigureAwait(false);
        if (result.Status == GetMessageStatus.Found)
        {
            FillQueueOffset(result, 0);
        }

        return result;
    }

    /// <summary>
    /// Messages of <paramref name="topic"/> whose KEYS or UNIQ_KEY holds <paramref name="key"/>, stored within
    /// [<paramref name="beginTimestamp"/>, <paramref name="endTimestamp"/>], newest first, at most
    /// <paramref name="maxCount"/> (bounded by <c>maxMsgsNumBatch</c>), fewer only when no more qualify. Every
    /// returned message was read and checked to really carry the key (index hash collisions and damaged index items
    /// are filtered out).
    /// </summary>
    public async ValueTask<QueryMessageResult> QueryMessageAsync(string topic, string key, int maxCount,
        long beginTimestamp, long endTimestamp, CancellationToken token = default)
    {
        var limit = Math.Clamp(maxCount, 1, _options.MaxMsgsNumBatch);
        var ask = limit;
        var query = _index.Query(topic, key, ask, beginTimestamp, endTimestamp);
        var result = new QueryMessageResult(query.IndexLastUpdateTimestamp, query.IndexLastUpdatePhyOffset,
            query.CorruptionDetected);
        var topicBytes = System.Text.Encoding.UTF8.GetBytes(topic);
        var keyBytes = System.Text.Encoding.UTF8.GetBytes(key);
        var seen = new HashSet<long>();

        // Candidates that do not count (another key with the same hash, a key named twice in one message, a message
        // retention removed) must not cut the answer short: while fewer than `limit` carry the key and the index had
        // more, ask it for twice as many. Its walk is newest first and deterministic, so each answer starts with the
        // previous one and only new candidates are read.
        while (true)
        {
            foreach (var offset in query.CommitLogOffsets)
            {
                if (result.Messages.MessageCount == limit)
                {
                    break;
                }

                if (seen.Add(offset))
                {
                    await TakeIfCarriesKeyAsync(offset, result.Messages, topicBytes, keyBytes, token)
                        .ConfigureAwait(false);
                }
            }

            if (result.Messages.MessageCount == limit || query.CommitLogOffsets.Count < ask || ask > int.MaxValue / 4)
            {
                break;
            }

            ask *= 2;
            query = _index.Query(topic, key, ask, beginTimestamp, endTimestamp);
            result.CorruptionDetected |= query.CorruptionDetected;
        }

        if (result.CorruptionDetected)
        {
            StoreLog.IndexDamaged(_logger, topic, key);
        }

        return result;
    }

    private async ValueTask TakeIfCarriesKeyAsync(long offset, GetMessageResult messages, byte[] topicBytes,
        byte[] keyBytes, CancellationToken token)
    {
        var status = await ReadOneAsync(offset, messages, token).ConfigureAwait(false);
        if (status != GetMessageStatus.Found)
        {
            return;
        }

        var slot = messages.MessageCount - 1;
        if (CarriesKey(messages.Messages.Span.Slice(messages.Slots[slot].Start, messages.Slots[slot].Size), topicBytes,
                keyBytes))
        {
            FillQueueOffset(messages, slot);
        }
        else
        {
            messages.RemoveLast();
        }
    }

    /// <summary>
    /// The first queue offset whose message was stored at or after <paramref name="timestamp"/> (RocketMQ 5's lower
    /// boundary; 4.9.8 returned the nearest); the queue's max offset when every message is older, its min offset when
    /// every message is newer; 0 for an unknown queue.
    /// </summary>
    public async ValueTask<long> GetOffsetInQueueByTimeAsync(string topic, int queueId, long timestamp,
        CancellationToken token = default)
    {
        if (_queues.Find(topic, queueId) is not { } queue)
        {
            return 0;
        }

        long low = queue.MinOffset, high = queue.MaxOffset;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var stored = await GetMessageStoreTimestampAsync(topic, queueId, middle, token).ConfigureAwait(false);
            if (stored >= 0 && stored < timestamp)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>The store timestamp of the message at a queue offset, or -1 when it cannot be read.</summary>
    public async ValueTask<long> GetMessageStoreTimestampAsync(string topic, int queueId, long queueOffset,
        CancellationToken token = default)
    {
        if (_queues.Find(topic, queueId) is not { } queue || !queue.TryRead(queueOffset, out var unit))
        {
            return -1;
        }

        using var result = new GetMessageResult();
        var status = await ReadOneAsync(unit.CommitLogOffset, result, token).ConfigureAwait(false);
        return status == GetMessageStatus.Found && StoredMessage.TryRead(result.Messages.Span, out var message)
            ? message.StoreTimestamp
            : -1;
    }

    /// <summary>The store timestamp of the queue's first readable message, or -1.</summary>
    public ValueTask<long> GetEarliestMessageTimeAsync(string topic, int queueId, CancellationToken token = default) =>
        GetMessageStoreTimestampAsync(topic, queueId, GetMinOffsetInQueue(topic, queueId), token);

    private async ValueTask<GetMessageStatus> ReadOneAsync(long commitLogOffset, GetMessageResult target,
        CancellationToken token)
    {
        if (Log is not { } log || !new CommitLogOffset(commitLogOffset).IsValid
            || new CommitLogOffset(commitLogOffset).Index > AppliedIndex)
        {
            return GetMessageStatus.OffsetFoundNull;
        }

        var copier = new MessageCopier();
        try
        {
            copier.Begin(target, null, 0, 1);
            copier.Add(0, commitLogOffset, 0);
            await copier.CopyAsync(log, token).ConfigureAwait(false);
            return copier.Copied == 1 ? GetMessageStatus.Found
                : copier.Removed == 1 ? GetMessageStatus.MessageWasRemoving
                : GetMessageStatus.OffsetFoundNull;
        }
        finally
        {
            copier.Dispose();
        }
    }

    private void FillQueueOffset(GetMessageResult result, int slot)
    {
        var info = result.Slots[slot];
        var bytes = result.Messages.Span.Slice(info.Start, info.Size);
        StoredMessage.TryRead(bytes, out var message);
        var queue = _queues.Find(System.Text.Encoding.UTF8.GetString(message.Topic), message.QueueId);
        var queueOffset = queue?.FindOffsetOf(info.CommitLogOffset) ?? -1;

        // Halves of a transaction have no unit; RocketMQ reports queue offset 0 for them.
        result.SetQueueOffset(slot, Math.Max(0, queueOffset));
    }

    private static bool CarriesKey(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> key)
    {
        if (!StoredMessage.TryRead(bytes, out var message) || !message.Topic.SequenceEqual(topic))
        {
            return false;
        }

        var properties = Utf8Properties.Scan(message.Properties);
        if (properties.UniqueKey.SequenceEqual(key))
        {
            return true;
        }

        foreach (var range in properties.Keys.Split((byte)' '))
        {
            if (properties.Keys[range].SequenceEqual(key))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The result of a key query: verified messages plus the index's last update (for the broker's header).</summary>
public sealed class QueryMessageResult(long indexLastUpdateTimestamp, long indexLastUpdatePhyOffset,
    bool corruptionDetected) : IDisposable
{
    /// <summary>The matching messages, back to back, with offsets filled in.</summary>
    public GetMessageResult Messages { get; } = new() { Status = GetMessageStatus.Found };

    public long IndexLastUpdateTimestamp { get; } = indexLastUpdateTimestamp;

    public long IndexLastUpdatePhyOffset { get; } = indexLastUpdatePhyOffset;

    /// <summary>A damaged index chain was met: results may be incomplete (never wrong).</summary>
    public bool CorruptionDetected { get; internal set; } = corruptionDetected;

    public void Dispose() => Messages.Dispose();
}
