using System.Buffers;
using System.Buffers.Binary;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Reading;

/// <summary>
/// Copies planned messages (found through ConsumeQueue units or index items) out of the log's entries into a
/// <see cref="GetMessageResult"/>: one copy per message, verified before it is served, offsets filled in.
/// </summary>
/// <remarks>
/// A message is served only if its checksum matches, its layout is sound, its size is the planned one and — when the
/// plan came from a queue — its topic and queue id are that queue's and it is no transaction half. Anything else
/// stops the copy there and marks the read as corrupt: a damaged unit or entry is reported, never served as a
/// different message.
/// </remarks>
internal sealed class MessageCopier : IEntryVisitor
{
    /// <summary>Entries skipped over inside one log read before re-seeking to the next planned one.</summary>
    private const long MaxEntriesSkipped = 8;

    private PlannedMessage[] _plan = [];
    private int _count;
    private GetMessageResult _target = null!;
    private byte[]? _topic;
    private int _queueId;

    /// <summary>How many planned messages were copied (a prefix of the plan).</summary>
    public int Copied { get; private set; }

    /// <summary>
    /// How many planned messages at the start of the plan were deleted by retention before they could be read
    /// (skipped, as RocketMQ skips a removed CommitLog file).
    /// </summary>
    public int Removed { get; private set; }

    /// <summary>Retention overtook the read after some messages were copied: the rest waits for the next read.</summary>
    public bool Overtaken { get; private set; }

    /// <summary>Set when a planned message failed its checks; <see cref="Copied"/> stops before it.</summary>
    public bool Corrupt { get; private set; }

    /// <summary>Index of the next planned message not yet handled.</summary>
    public int Next => Copied + Removed;

    public int PlannedCount => _count;

    public ReadOnlySpan<PlannedMessage> Plan => _plan.AsSpan(0, _count);

    /// <summary>Starts a plan; <paramref name="topic"/> null = no queue check (lookups by offset or key).</summary>
    public void Begin(GetMessageResult target, byte[]? topic, int queueId, int capacity)
    {
        _target = target;
        _topic = topic;
        _queueId = queueId;
        _count = Copied = Removed = 0;
        Corrupt = Overtaken = false;
        if (_plan.Length < capacity)
        {
            ReturnPlan();
            _plan = ArrayPool<PlannedMessage>.Shared.Rent(capacity);
        }
    }

    public void Add(long queueOffset, long commitLogOffset, int size) =>
        _plan[_count++] = new PlannedMessage(queueOffset, commitLogOffset, size);

    /// <summary>Reads every planned message from <paramref name="log"/>, in order, until done or one fails.</summary>
    public async ValueTask CopyAsync(IReplicatedLog log, CancellationToken token)
    {
        while (Next < _count && !Corrupt && !Overtaken)
        {
            var before = Next;
            var index = new CommitLogOffset(_plan[Next].CommitLogOffset).Index;
            var read = await log.ReadAsync(index, long.MaxValue, this, token).ConfigureAwait(false);
            if (read.Status == ReadStatus.BelowRetention)
            {
                // Retention deletes from the front, so removed messages are a prefix of what is left to read.
                if (Copied > 0)
                {
                    Overtaken = true;
                    break;
                }

                while (Next < _count && new CommitLogOffset(_plan[Next].CommitLogOffset).Index < read.NextIndex)
                {
                    Removed++;
                }
            }
            else if (Next == before)
            {
                // The entry a unit points at is not readable although the unit was published: damage.
                Corrupt = true;
            }
        }
    }

    public bool Visit(in ReplicatedEntry entry)
    {
        while (Next < _count)
        {
            var address = new CommitLogOffset(_plan[Next].CommitLogOffset);
            if (address.Index != entry.Index)
            {
                // Keep reading forward only if the next planned entry is close; otherwise seek to it.
                return address.Index > entry.Index && address.Index - entry.Index <= MaxEntriesSkipped;
            }

            if (!TryCopy(entry.Payload.Span, address.Position, _plan[Next]))
            {
                Corrupt = true;
                return false;
            }

            Copied++;
        }

        return false;
    }

    public void Dispose() => ReturnPlan();

    private bool TryCopy(ReadOnlySpan<byte> payload, int position, in PlannedMessage planned)
    {
        if (position < MessageBatchFormat.HeaderBytes + MessageBatchFormat.MessagePrefixBytes
            || position > payload.Length - 4)
        {
            return false;
        }

        // A lookup by commit-log offset alone does not know the size: the message's TOTALSIZE says (checked below).
        var size = planned.Size != 0 ? planned.Size : BinaryPrimitives.ReadInt32BigEndian(payload[position..]);
        if (size < StoredMessageLayout.MinMessageLength || size > payload.Length - position)
        {
            return false;
        }

        var destination = _target.NextMessageSpan(size);
        payload.Slice(position, size).CopyTo(destination);

        // Halves of a transaction share the queue's topic and id but never get a unit (the store's Dispatch): a unit
        // pointing at one is damaged, though the half lies between the unit's neighbours in the log.
        if (!MessageBatchFormat.VerifyMessage(MessageBatchFormat.ChecksumBefore(payload, position), destination,
                out var message)
            || (_topic is not null && (message.QueueId != _queueId || !message.Topic.SequenceEqual(_topic)
                || message.TransactionType is StoredMessageLayout.TransactionPreparedType
                    or StoredMessageLayout.TransactionRollbackType)))
        {
            return false;
        }

        BinaryPrimitives.WriteInt64BigEndian(destination[StoredMessageLayout.QueueOffsetOffset..], planned.QueueOffset);
        BinaryPrimitives.WriteInt64BigEndian(destination[StoredMessageLayout.PhysicalOffsetOffset..],
            planned.CommitLogOffset);
        _target.CommitMessage(size, planned.QueueOffset, planned.CommitLogOffset);
        return true;
    }

    private void ReturnPlan()
    {
        if (_plan.Length > 0)
        {
            ArrayPool<PlannedMessage>.Shared.Return(_plan);
            _plan = [];
        }
    }
}

/// <summary>A message a read is about to copy.</summary>
internal readonly record struct PlannedMessage(long QueueOffset, long CommitLogOffset, int Size);
