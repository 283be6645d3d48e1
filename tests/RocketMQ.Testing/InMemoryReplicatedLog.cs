using RocketMQ.Common.Replication;

namespace RocketMQ.Testing;

/// <summary>
/// A single-member <see cref="IReplicatedLog"/> held in memory: the fake behind the replicated-log seam for Store and
/// Broker tests. It keeps the contract that matters above Raft — records coalesce into entries, entries apply in
/// order, apply contexts reach the state machine, reads see only applied entries, a restart re-offers entries above
/// the state machine's checkpoint, retention drops entries at or below its snapshot — without elections or disks.
/// </summary>
/// <remarks>
/// <para>Entries live in a <see cref="InMemoryLogStorage"/> that outlives the log object, so a test can "restart"
/// by opening a new log (and a new state machine) over the same storage.</para>
/// <para>Group commit: with <see cref="AutoCommit"/> (default) each append becomes its own entry at once. Without it,
/// appends wait until <see cref="CommitPendingAsync"/> puts every waiting record into one entry — deterministic
/// multi-record entries for property tests.</para>
/// </remarks>
public sealed class InMemoryReplicatedLog : IReplicatedLog
{
    private readonly InMemoryLogStorage _storage;
    private readonly IReplicatedStateMachine _stateMachine;
    private readonly SemaphoreSlim _applier = new(1, 1);
    private readonly Lock _pendingGate = new();
    private readonly List<PendingRecord> _pending = [];
    private long _lastApplied;
    private ReplicaState _state = new(ReplicaRole.Leader, 1, "n0", "127.0.0.1:10911");

    private InMemoryReplicatedLog(InMemoryLogStorage storage, IReplicatedStateMachine stateMachine)
    {
        _storage = storage;
        _stateMachine = stateMachine;
    }

    public string SelfId => "n0";

    public ReplicaState State => _state;

    public long LastAppliedIndex => Volatile.Read(ref _lastApplied);

    /// <summary>Each append is committed as its own entry at once (default true).</summary>
    public bool AutoCommit { get; set; } = true;

    /// <summary>Records waiting for <see cref="CommitPendingAsync"/>.</summary>
    public int PendingCount
    {
        get
        {
            lock (_pendingGate)
            {
                return _pending.Count;
            }
        }
    }

    public event Action<ReplicaState>? RoleChanged;

    /// <summary>
    /// Opens the log over <paramref name="storage"/>, applying (as Raft would on start) every stored entry above the
    /// retention snapshot that the state machine's checkpoint does not already cover.
    /// </summary>
    public static async Task<InMemoryReplicatedLog> OpenAsync(InMemoryLogStorage storage,
        IReplicatedStateMachine stateMachine)
    {
        var log = new InMemoryReplicatedLog(storage, stateMachine);
        var skipTo = Math.Max(stateMachine.CheckpointIndex, storage.FirstIndex - 1);
        log._lastApplied = skipTo;
        foreach (var entry in storage.EntriesFrom(skipTo + 1))
        {
            await log.ApplyAsync(entry, null).ConfigureAwait(false);
        }

        return log;
    }

    /// <summary>Makes this member a follower (appends answer NotLeader) or the leader again.</summary>
    public void SetLeader(bool leader)
    {
        _state = leader ? new ReplicaState(ReplicaRole.Leader, _state.Term + 1, "n0", "127.0.0.1:10911")
            : new ReplicaState(ReplicaRole.Follower, _state.Term + 1, "n1", "127.0.0.1:10921");
        RoleChanged?.Invoke(_state);
    }

    public async ValueTask<AppendResult> AppendAsync(RecordKind kind, ReadOnlyMemory<byte> payload,
        object? applyContext, CancellationToken token)
    {
        if (!_state.IsLeader)
        {
            return AppendResult.Failed(AppendStatus.NotLeader, _state.LeaderId);
        }

        if (payload.Length > _storage.MaxEntryBytes - RecordBatchFormat.HeaderBytes - RecordBatchFormat.RecordHeaderBytes)
        {
            return AppendResult.Failed(AppendStatus.TooLarge, null);
        }

        var record = new PendingRecord(kind, payload.ToArray(), applyContext);
        lock (_pendingGate)
        {
            _pending.Add(record);
        }

        if (AutoCommit)
        {
            await CommitPendingAsync().ConfigureAwait(false);
        }

        return await record.Done.Task.WaitAsync(token).ConfigureAwait(false);
    }

    /// <summary>Puts every waiting record into one new entry, commits and applies it; returns its index (0 = none).</summary>
    public async Task<long> CommitPendingAsync()
    {
        await _applier.WaitAsync().ConfigureAwait(false);
        try
        {
            PendingRecord[] records;
            lock (_pendingGate)
            {
                records = [.. _pending];
                _pending.Clear();
            }

            if (records.Length == 0)
            {
                return 0;
            }

            var entry = _storage.Append(_state.Term, records.Select(r => (r.Kind, r.Payload)).ToList());
            await ApplyCoreAsync(entry, [.. records.Select(r => r.Context)]).ConfigureAwait(false);
            for (var i = 0; i < records.Length; i++)
            {
                records[i].Done.TrySetResult(new AppendResult(AppendStatus.Committed, entry.Index, entry.Term, i, null));
            }

            return entry.Index;
        }
        finally
        {
            _applier.Release();
        }
    }

    public ValueTask<ReadResult> ReadAsync<TVisitor>(long fromIndex, long maxBytes, TVisitor visitor,
        CancellationToken token)
        where TVisitor : IEntryVisitor
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromIndex, 1);
        if (fromIndex < _storage.FirstIndex)
        {
            return ValueTask.FromResult(new ReadResult(ReadStatus.BelowRetention, _storage.FirstIndex, 0));
        }

        var applied = LastAppliedIndex;
        var visited = 0;
        var bytes = 0L;
        var next = fromIndex;
        foreach (var entry in _storage.EntriesFrom(fromIndex))
        {
            if (entry.Index > applied || (visited > 0 && bytes + entry.Payload.Length > maxBytes))
            {
                break;
            }

            visited++;
            bytes += entry.Payload.Length;
            next = entry.Index + 1;
            var view = new ReplicatedEntry(entry.Index, entry.Term, entry.Payload, ReplicatedEntry.UnknownRecordCount,
                null);
            if (!visitor.Visit(view))
            {
                break;
            }
        }

        return ValueTask.FromResult(new ReadResult(
            visited > 0 ? ReadStatus.Found : ReadStatus.NotYetApplied, next, visited));
    }

    /// <summary>Deletes entries at or below the state machine's snapshot, as the WAL does at its retention boundary.</summary>
    public long CompactToSnapshot()
    {
        var snapshot = _stateMachine.Snapshot;
        var upTo = snapshot is null ? 0 : Math.Min(snapshot.Index, _stateMachine.CheckpointIndex);
        _storage.DeleteUpTo(upTo);
        return upTo;
    }

    public Task<bool> ResignAsync(CancellationToken token) => Task.FromResult(false);

    public Task<TransferStatus> TransferLeadershipAsync(string memberId, CancellationToken token) =>
        Task.FromResult(TransferStatus.UnknownMember);

    public ValueTask DisposeAsync()
    {
        lock (_pendingGate)
        {
            foreach (var record in _pending)
            {
                record.Done.TrySetResult(AppendResult.Failed(AppendStatus.Unavailable, null));
            }

            _pending.Clear();
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask ApplyAsync(StoredEntry entry, object?[]? contexts)
    {
        await _applier.WaitAsync().ConfigureAwait(false);
        try
        {
            await ApplyCoreAsync(entry, contexts).ConfigureAwait(false);
        }
        finally
        {
            _applier.Release();
        }
    }

    private async ValueTask ApplyCoreAsync(StoredEntry entry, object?[]? contexts)
    {
        RecordBatchFormat.TryValidate(entry.Payload.Span, out var count);
        await _stateMachine.ApplyAsync(new ReplicatedEntry(entry.Index, entry.Term, entry.Payload, count, contexts),
            CancellationToken.None).ConfigureAwait(false);
        Volatile.Write(ref _lastApplied, entry.Index);
    }

    private sealed record PendingRecord(RecordKind Kind, byte[] Payload, object? Context)
    {
        public TaskCompletionSource<AppendResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
