using System.Buffers.Binary;

namespace RocketMQ.Common.Replication;

/// <summary>
/// One committed log entry: a group-committed batch of records (<see cref="RecordBatchFormat"/>). The payload
/// memory belongs to the log and is valid only while the entry is being applied or visited.
/// </summary>
/// <remarks>Entries handed to a state machine were validated as a whole before it sees them. Entries handed to a
/// reader are not (a reader usually needs a few bytes at a known position, and walking every record header of a
/// multi-megabyte entry per read would cost more than the read); their enumeration checks each length as it goes
/// and stops at the first inconsistent one.</remarks>
public readonly struct ReplicatedEntry
{
    /// <summary>The <c>recordCount</c> that says "not validated; count on demand".</summary>
    public const int UnknownRecordCount = -1;

    private readonly object?[]? _contexts;
    private readonly int _recordCount;

    /// <summary>
    /// Wraps a payload checked by <see cref="RecordBatchFormat.TryValidate"/>, or an unchecked one when
    /// <paramref name="recordCount"/> is <see cref="UnknownRecordCount"/>.
    /// </summary>
    public ReplicatedEntry(long index, long term, ReadOnlyMemory<byte> payload, int recordCount, object?[]? contexts)
    {
        Index = index;
        Term = term;
        Payload = payload;
        _recordCount = recordCount;
        _contexts = contexts;
    }

    /// <summary>The entry's Raft index.</summary>
    public long Index { get; }

    /// <summary>The term the entry was created in.</summary>
    public long Term { get; }

    /// <summary>The encoded batch (header and records).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>How many records the entry holds (0 when an unchecked payload turns out to be malformed).</summary>
    public int RecordCount => _recordCount != UnknownRecordCount ? _recordCount
        : RecordBatchFormat.TryValidate(Payload.Span, out var count) ? count : 0;

    /// <summary>The records in order; allocation-free.</summary>
    public RecordEnumerator GetEnumerator() => new(Payload, _contexts);

    /// <summary>Enumerates records without allocating.</summary>
    public struct RecordEnumerator
    {
        private readonly ReadOnlyMemory<byte> _payload;
        private readonly object?[]? _contexts;
        private int _position;
        private int _ordinal;

        internal RecordEnumerator(ReadOnlyMemory<byte> payload, object?[]? contexts)
        {
            _payload = payload;
            _contexts = contexts;
            _position = RecordBatchFormat.HeaderBytes;
            _ordinal = -1;
            Current = default;
        }

        public ReplicatedRecord Current { get; private set; }

        public bool MoveNext()
        {
            var remaining = _payload.Length - _position;
            if (remaining < RecordBatchFormat.RecordHeaderBytes)
            {
                return false;
            }

            // Checked again here because readers get unvalidated entries: a bad length ends the walk.
            var span = _payload.Span[_position..];
            var kind = BinaryPrimitives.ReadUInt16LittleEndian(span);
            var length = BinaryPrimitives.ReadInt32LittleEndian(span[2..]);
            if (length < 0 || length > remaining - RecordBatchFormat.RecordHeaderBytes)
            {
                _position = _payload.Length;
                return false;
            }

            var offset = _position + RecordBatchFormat.RecordHeaderBytes;
            _ordinal++;
            var context = _contexts is { } contexts && _ordinal < contexts.Length ? contexts[_ordinal] : null;
            Current = new ReplicatedRecord(_ordinal, new RecordKind(kind), offset, _payload.Slice(offset, length),
                context);
            _position = offset + length;
            return true;
        }
    }
}

/// <summary>One record of an entry.</summary>
/// <param name="Ordinal">Position in the entry, from 0; with the entry's index it addresses the record forever.</param>
/// <param name="Kind">What the record holds.</param>
/// <param name="Offset">Where <paramref name="Payload"/> starts within the entry's payload, in bytes; identical on
/// every replica, so (entry index, byte offset) addresses the record's bytes forever.</param>
/// <param name="Payload">The record bytes (valid while the entry is).</param>
/// <param name="Context">
/// On the leader that appended it, the appender's apply context (<see cref="IReplicatedLog.AppendAsync"/>);
/// <see langword="null"/> on other replicas, after restart, and when no context was given.
/// </param>
public readonly record struct ReplicatedRecord(int Ordinal, RecordKind Kind, int Offset, ReadOnlyMemory<byte> Payload,
    object? Context);
