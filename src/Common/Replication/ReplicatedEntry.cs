using System.Buffers.Binary;

namespace RocketMQ.Common.Replication;

/// <summary>
/// One committed log entry: a group-committed batch of records (<see cref="RecordBatchFormat"/>). The payload
/// memory belongs to the log and is valid only while the entry is being applied or visited.
/// </summary>
public readonly struct ReplicatedEntry
{
    private readonly object?[]? _contexts;

    /// <summary>Wraps a payload already checked by <see cref="RecordBatchFormat.TryValidate"/>.</summary>
    public ReplicatedEntry(long index, long term, ReadOnlyMemory<byte> payload, int recordCount, object?[]? contexts)
    {
        Index = index;
        Term = term;
        Payload = payload;
        RecordCount = recordCount;
        _contexts = contexts;
    }

    /// <summary>The entry's Raft index.</summary>
    public long Index { get; }

    /// <summary>The term the entry was created in.</summary>
    public long Term { get; }

    /// <summary>The encoded batch (header and records).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>How many records the entry holds.</summary>
    public int RecordCount { get; }

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
            if (_position >= _payload.Length)
            {
                return false;
            }

            // Lengths were validated when the entry was created; only walk them here.
            var span = _payload.Span[_position..];
            var kind = BinaryPrimitives.ReadUInt16LittleEndian(span);
            var length = BinaryPrimitives.ReadInt32LittleEndian(span[2..]);
            var body = _payload.Slice(_position + RecordBatchFormat.RecordHeaderBytes, length);
            _ordinal++;
            var context = _contexts is { } contexts && _ordinal < contexts.Length ? contexts[_ordinal] : null;
            Current = new ReplicatedRecord(_ordinal, new RecordKind(kind), body, context);
            _position += RecordBatchFormat.RecordHeaderBytes + length;
            return true;
        }
    }
}

/// <summary>One record of an entry.</summary>
/// <param name="Ordinal">Position in the entry, from 0; with the entry's index it addresses the record forever.</param>
/// <param name="Kind">What the record holds.</param>
/// <param name="Payload">The record bytes (valid while the entry is).</param>
/// <param name="Context">
/// On the leader that appended it, the appender's apply context (<see cref="IReplicatedLog.AppendAsync"/>);
/// <see langword="null"/> on other replicas, after restart, and when no context was given.
/// </param>
public readonly record struct ReplicatedRecord(int Ordinal, RecordKind Kind, ReadOnlyMemory<byte> Payload, object? Context);
