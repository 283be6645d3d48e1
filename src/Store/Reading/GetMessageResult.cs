using System.Buffers;

namespace RocketMQ.Store.Reading;

/// <summary>
/// The result of a get: the messages in RocketMQ's stored layout, back to back (exactly a PULL_MESSAGE response
/// body), with QUEUEOFFSET and PHYSICALOFFSET filled in, plus the offsets the consumer continues from.
/// </summary>
/// <remarks>Owns a pooled buffer: dispose it once the messages have been sent or copied. Not thread-safe.</remarks>
public sealed class GetMessageResult : IDisposable
{
    private byte[] _buffer = [];
    private MessageSlot[] _slots = [];
    private int _length;

    public GetMessageStatus Status { get; internal set; }

    /// <summary>Where the consumer should read next.</summary>
    public long NextBeginOffset { get; internal set; }

    public long MinOffset { get; internal set; }

    public long MaxOffset { get; internal set; }

    /// <summary>The data read is far behind the log's end (cold): RocketMQ suggests pulling from a follower.</summary>
    public bool SuggestPullingFromFollower { get; internal set; }

    /// <summary>A unit or message failed its integrity checks; it was not served and has been reported.</summary>
    public bool CorruptionDetected { get; internal set; }

    /// <summary>
    /// Damaged ConsumeQueue units were found where this read started and re-derived from the log before it was served
    /// (the damage is logged; what is served passed every check).
    /// </summary>
    public bool Repaired { get; internal set; }

    /// <summary>The queue offset of the damaged unit or message (valid when <see cref="CorruptionDetected"/>).</summary>
    internal long CorruptQueueOffset { get; set; } = -1;

    public int MessageCount { get; private set; }

    /// <summary>The messages, back to back.</summary>
    public ReadOnlyMemory<byte> Messages => _buffer.AsMemory(0, _length);

    /// <summary>Where each message sits in <see cref="Messages"/>, with its offsets.</summary>
    public ReadOnlySpan<MessageSlot> Slots => _slots.AsSpan(0, MessageCount);

    internal void Reserve(int bytes, int messages)
    {
        if (_buffer.Length < bytes)
        {
            ReturnBuffers();
            _buffer = ArrayPool<byte>.Shared.Rent(bytes);
        }

        if (_slots.Length < messages)
        {
            if (_slots.Length > 0)
            {
                ArrayPool<MessageSlot>.Shared.Return(_slots);
            }

            _slots = ArrayPool<MessageSlot>.Shared.Rent(messages);
        }
    }

    /// <summary>Space for the next message of <paramref name="size"/> bytes (grows past what was reserved if needed).</summary>
    internal Span<byte> NextMessageSpan(int size)
    {
        if (_length + size > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_length + size);
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ReturnBuffers();
            _buffer = larger;
        }

        return _buffer.AsSpan(_length, size);
    }

    internal void CommitMessage(int size, long queueOffset, long commitLogOffset)
    {
        if (MessageCount == _slots.Length)
        {
            var larger = ArrayPool<MessageSlot>.Shared.Rent(MessageCount + 1);
            _slots.AsSpan(0, MessageCount).CopyTo(larger);
            if (_slots.Length > 0)
            {
                ArrayPool<MessageSlot>.Shared.Return(_slots);
            }

            _slots = larger;
        }

        _slots[MessageCount++] = new MessageSlot(_length, size, queueOffset, commitLogOffset);
        _length += size;
    }

    /// <summary>Drops the last message added (a key query's candidate that turned out not to match).</summary>
    internal void RemoveLast()
    {
        MessageCount--;
        _length = _slots[MessageCount].Start;
    }

    /// <summary>Overwrites the queue offset of message <paramref name="slot"/> (lookups by commit-log offset).</summary>
    internal void SetQueueOffset(int slot, long queueOffset)
    {
        var current = _slots[slot];
        _slots[slot] = current with { QueueOffset = queueOffset };
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(
            _buffer.AsSpan(current.Start + Records.StoredMessageLayout.QueueOffsetOffset), queueOffset);
    }

    public void Dispose()
    {
        ReturnBuffers();
        if (_slots.Length > 0)
        {
            ArrayPool<MessageSlot>.Shared.Return(_slots);
            _slots = [];
        }

        _length = 0;
        MessageCount = 0;
    }

    private void ReturnBuffers()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}

/// <summary>One message of a <see cref="GetMessageResult"/>.</summary>
/// <param name="Start">Byte position in <see cref="GetMessageResult.Messages"/>.</param>
/// <param name="Size">Its TOTALSIZE.</param>
/// <param name="QueueOffset">Its queue offset.</param>
/// <param name="CommitLogOffset">Its commit-log offset.</param>
public readonly record struct MessageSlot(int Start, int Size, long QueueOffset, long CommitLogOffset);
