using RocketMQ.Common.Messages;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Config;
using RocketMQ.Store.Hashing;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;

namespace RocketMQ.Store;

/// <summary>The state machine: committed entries → queue offsets, ConsumeQueue units, index items, config tables.</summary>
public sealed partial class MessageStore
{
    /// <summary>RocketMQ's schedule topic: its units carry the delivery time instead of the tags hash.</summary>
    private static ReadOnlySpan<byte> ScheduleTopic => "SCHEDULE_TOPIC_XXXX"u8;

    private readonly List<ConsumeQueue.ConsumeQueue> _touched = [];
    private readonly List<(long Index, TaskCompletionSource Reached)> _appliedWaiters = [];
    private ConsumeQueue.ConsumeQueue? _lastQueue;

    /// <summary>
    /// Completes once <see cref="AppliedIndex"/> reaches <paramref name="index"/> (e.g. a follower catching up, or a
    /// reader that wants its own write visible on this replica).
    /// </summary>
    public Task WaitForAppliedAsync(long index, CancellationToken token = default)
    {
        lock (_appliedWaiters)
        {
            if (AppliedIndex >= index)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _appliedWaiters.Add((index, waiter));
            return waiter.Task.WaitAsync(token);
        }
    }

    public long CheckpointIndex => Volatile.Read(ref _checkpointIndex);

    public ReplicaSnapshot? Snapshot => _retention.Snapshot;

    /// <summary>
    /// Applies one committed entry: every record in order. A message record is checked as a whole first (batch
    /// checksum, structure, topic names) and refused as a whole if anything is wrong, so it is never half-applied.
    /// Deterministic: every replica derives identical projections from identical entries.
    /// </summary>
    /// <exception cref="IOException">A projection file could not be written (disk full): the log stops this replica.</exception>
    public ValueTask ApplyAsync(ReplicatedEntry entry, CancellationToken token)
    {
        lock (_applyLock)
        {
            if (entry.Index <= _appliedIndex)
            {
                return ValueTask.CompletedTask; // Already reflected (the checkpoint covers it).
            }

            foreach (var record in entry)
            {
                if (record.Kind == StoreRecordKinds.Messages)
                {
                    ApplyMessages(entry.Index, record);
                }
                else
                {
                    ApplyCommand(entry.Index, record);
                }
            }

            foreach (var queue in _touched)
            {
                queue.Publish();
            }

            _appliedLogBytes += entry.Payload.Length;
            _appliedTerm = entry.Term;
            Volatile.Write(ref _appliedIndex, entry.Index);
        }

        AnnounceArrivals();
        ReleaseAppliedWaiters(entry.Index);

        return ValueTask.CompletedTask;
    }

    private void ApplyMessages(long index, in ReplicatedRecord record)
    {
        var payload = record.Payload.Span;
        var context = record.Context as PutContext;
        var check = MessageBatchFormat.Validate(payload, out var count);
        var problem = check switch
        {
            BatchCheck.Valid when (long)record.Offset + payload.Length > CommitLogOffset.MaxEntryBytes =>
                "the entry is larger than a commit-log offset can address",
            BatchCheck.Valid when !TopicsAreValid(payload, count) => "a topic name is not allowed",
            BatchCheck.Valid => null,
            _ => check.ToString(),
        };
        if (problem is not null)
        {
            StoreLog.RecordRefused(_logger, index, record.Ordinal, problem);
            context?.Refuse(problem);
            return;
        }

        var position = MessageBatchFormat.HeaderBytes;
        for (var i = 0; i < count; i++)
        {
            var start = position + MessageBatchFormat.MessagePrefixBytes;
            StoredMessage.TryRead(payload[start..], out var message);
            var address = CommitLogOffset.From(index, record.Offset + start).Value;
            var queueOffset = Dispatch(message, address, index);
            context?.Record(i, queueOffset, address);
            position = start + message.TotalSize;
        }
    }

    /// <summary>Projects one message; returns its queue offset (0 for transaction halves, which get no unit).</summary>
    private long Dispatch(in StoredMessage message, long address, long index)
    {
        var properties = Utf8Properties.Scan(message.Properties);
        var transaction = message.TransactionType;
        var queueOffset = 0L;

        // Prepared and rolled-back halves of a transaction are not consumable (RocketMQ's
        // CommitLogDispatcherBuildConsumeQueue dispatches only non-transactional and committed messages).
        if (transaction is StoredMessageLayout.TransactionNotType or StoredMessageLayout.TransactionCommitType)
        {
            var queue = QueueFor(message.Topic, message.QueueId);
            queueOffset = queue.Append(address, message.TotalSize, TagsCode(message, properties));
            if (queue.TouchedInIndex != index)
            {
                queue.TouchedInIndex = index;
                _touched.Add(queue);
            }
        }

        if (_options.MessageIndexEnable)
        {
            _index.BuildIndex(message.Topic, properties, address, message.StoreTimestamp, transaction);
        }

        if (message.StoreTimestamp > _maxStoreTimestamp)
        {
            _maxStoreTimestamp = message.StoreTimestamp;
        }

        return queueOffset;
    }

    private ConsumeQueue.ConsumeQueue QueueFor(ReadOnlySpan<byte> topic, int queueId)
    {
        // Most records are one send to one queue: skip the lookups while the queue stays the same.
        var last = _lastQueue;
        if (last is not null && last.QueueId == queueId && topic.SequenceEqual(last.TopicUtf8))
        {
            return last;
        }

        return _lastQueue = _queues.GetOrCreate(topic, queueId);
    }

    private long TagsCode(in StoredMessage message, in IndexedProperties properties)
    {
        // RocketMQ (CommitLog.checkMessageAndReturnSize): schedule-topic units carry the delivery time.
        if (!properties.DelayLevel.IsEmpty && message.Topic.SequenceEqual(ScheduleTopic)
            && System.Buffers.Text.Utf8Parser.TryParse(properties.DelayLevel, out int level, out var used)
            && used == properties.DelayLevel.Length && level > 0)
        {
            var levels = _options.DelayLevelMillis;
            return message.StoreTimestamp + levels[Math.Min(level, levels.Count) - 1];
        }

        return properties.HasTags ? JavaStringHash.Of(properties.Tags) : 0;
    }

    private static bool TopicsAreValid(ReadOnlySpan<byte> payload, int count)
    {
        var position = MessageBatchFormat.HeaderBytes;
        for (var i = 0; i < count; i++)
        {
            var start = position + MessageBatchFormat.MessagePrefixBytes;
            StoredMessage.TryRead(payload[start..], out var message);
            if (!TopicName.IsValid(message.Topic) || message.QueueId < 0)
            {
                return false;
            }

            position = start + message.TotalSize;
        }

        return true;
    }

    private void ApplyCommand(long index, in ReplicatedRecord record)
    {
        var result = _config.Apply(record.Kind, record.Payload.Span);
        switch (result.Status)
        {
            case ConfigApplyStatus.Applied when result.DeletedTopic is { } deleted:
                _lastQueue = null;
                _queues.RemoveTopic(deleted);
                break;
            case ConfigApplyStatus.Applied:
                break;
            case ConfigApplyStatus.Malformed:
                StoreLog.RecordRefused(_logger, index, record.Ordinal, $"malformed {record.Kind} command");
                break;
            default:
                StoreLog.UnknownRecordKind(_logger, index, record.Ordinal, record.Kind.Value);
                break;
        }
    }

    private void ReleaseAppliedWaiters(long applied)
    {
        // Once per entry, not per message; the lock orders this check against a waiter being added.
        lock (_appliedWaiters)
        {
            for (var i = _appliedWaiters.Count - 1; i >= 0; i--)
            {
                if (_appliedWaiters[i].Index <= applied)
                {
                    _appliedWaiters[i].Reached.TrySetResult();
                    _appliedWaiters.RemoveAt(i);
                }
            }
        }
    }

    private void AnnounceArrivals()
    {
        var arrived = MessagesArrived;
        if (arrived is not null)
        {
            foreach (var queue in _touched)
            {
                arrived(queue.Topic, queue.QueueId, queue.MaxOffset);
            }
        }

        _touched.Clear();
    }
}
