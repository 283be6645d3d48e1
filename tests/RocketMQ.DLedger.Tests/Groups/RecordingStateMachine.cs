using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.Tests.Groups;

/// <summary>
/// A deliberately simple state machine for log tests: remembers every applied record (index, ordinal, kind, bytes)
/// in memory. Its checkpoint is 0, so a restart replays the whole retained log; a snapshot (set by the test) is the
/// full list of records up to its index. Thread-safe for readers.
/// </summary>
internal sealed class RecordingStateMachine : IReplicatedStateMachine
{
    private readonly Lock _gate = new();
    private readonly List<AppliedRecord> _records = [];
    private long _lastIndex;
    private long _lastTerm;

    /// <summary>
    /// Durable only as far as its snapshot (enough for the log to honour the retention boundary) — unless
    /// <see cref="DurableThroughLastApplied"/> makes it behave like projections flushed up to the last applied entry.
    /// </summary>
    public long CheckpointIndex => DurableThroughLastApplied ? LastIndex : Snapshot?.Index ?? 0;

    /// <summary>A payload whose application throws (a state machine bug or a failing disk under it).</summary>
    public string? FailOn { get; init; }

    /// <summary>Pretend every applied entry is durable (a store whose projections survive a restart).</summary>
    public bool DurableThroughLastApplied { get; init; }

    public ReplicaSnapshot? Snapshot { get; private set; }

    public long LastIndex
    {
        get
        {
            lock (_gate)
            {
                return _lastIndex;
            }
        }
    }

    /// <summary>Raised after each applied entry (on the applier).</summary>
    public event Action<long>? Applied;

    public IReadOnlyList<AppliedRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    public ValueTask ApplyAsync(ReplicatedEntry entry, CancellationToken token)
    {
        lock (_gate)
        {
            if (entry.Index <= _lastIndex)
            {
                throw new InvalidOperationException($"entry {entry.Index} applied after {_lastIndex}");
            }

            foreach (var record in entry)
            {
                if (FailOn is not null && record.Payload.Span.SequenceEqual(System.Text.Encoding.UTF8.GetBytes(FailOn)))
                {
                    throw new IOException($"planted failure applying '{FailOn}'");
                }

                _records.Add(new AppliedRecord(entry.Index, entry.Term, record.Ordinal, record.Kind.Value,
                    record.Payload.ToArray()));
                if (record.Context is ApplyProbe probe)
                {
                    probe.SeenIndex = entry.Index;
                }
            }

            _lastIndex = entry.Index;
            _lastTerm = entry.Term;
        }

        Applied?.Invoke(entry.Index);
        return ValueTask.CompletedTask;
    }

    /// <summary>Makes everything applied so far the retention boundary (the log may delete it).</summary>
    public void TakeSnapshot()
    {
        lock (_gate)
        {
            Snapshot = new ReplicaSnapshot(_lastIndex, _lastTerm, Serialize(_records));
        }
    }

    public ValueTask InstallSnapshotAsync(ReplicaSnapshot snapshot, CancellationToken token)
    {
        lock (_gate)
        {
            _records.Clear();
            _records.AddRange(Deserialize(snapshot.State.Span));
            _lastIndex = snapshot.Index;
            _lastTerm = snapshot.Term;
            Snapshot = snapshot;
        }

        return ValueTask.CompletedTask;
    }

    private static byte[] Serialize(List<AppliedRecord> records)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(records.Count);
            foreach (var r in records)
            {
                writer.Write(r.Index);
                writer.Write(r.Term);
                writer.Write(r.Ordinal);
                writer.Write(r.Kind);
                writer.Write(r.Payload.Length);
                writer.Write(r.Payload);
            }
        }

        return stream.ToArray();
    }

    private static List<AppliedRecord> Deserialize(ReadOnlySpan<byte> state)
    {
        using var reader = new BinaryReader(new MemoryStream(state.ToArray()));
        var count = reader.ReadInt32();
        var records = new List<AppliedRecord>(count);
        for (var i = 0; i < count; i++)
        {
            records.Add(new AppliedRecord(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadUInt16(),
                reader.ReadBytes(reader.ReadInt32())));
        }

        return records;
    }
}

/// <summary>One applied record as the state machine saw it.</summary>
internal sealed record AppliedRecord(long Index, long Term, int Ordinal, ushort Kind, byte[] Payload)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}

/// <summary>An apply context that records the index at which the leader's state machine saw its record.</summary>
internal sealed class ApplyProbe
{
    public long SeenIndex { get; set; }
}
