using BenchmarkDotNet.Attributes;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger.Commit;

namespace RocketMQ.Benchmarks;

/// <summary>
/// The leader's per-record work outside Raft: queueing a 1 KiB record into the group committer, encoding it into
/// the batch, decoding the batch as the applier does (validate + enumerate records) and completing the waiter.
/// Replication is replaced by an immediate "apply", so this isolates the batching machinery; results are per record
/// and must allocate ~0 B (only per-batch objects remain, amortized over the batch).
/// </summary>
[MemoryDiagnoser]
public class GroupCommitBenchmark
{
    public const int RecordsPerInvoke = 1_000;
    private static readonly RecordKind Kind = new(1);
    private readonly byte[] _payload = new byte[1024];
    private readonly ValueTask<AppendResult>[] _pending = new ValueTask<AppendResult>[RecordsPerInvoke];
    private GroupCommitter _committer = null!;

    [GlobalSetup]
    public void Setup() => _committer = new GroupCommitter(ApplyAtOnce, maxBatchBytes: 4 * 1024 * 1024, maxInflight: 4);

    [GlobalCleanup]
    public void Cleanup() => _committer.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public async Task<long> AppendAndApply()
    {
        for (var i = 0; i < _pending.Length; i++)
        {
            _pending[i] = _committer.AppendAsync(Kind, _payload, null);
        }

        var committed = 0L;
        for (var i = 0; i < _pending.Length; i++)
        {
            var result = await _pending[i].ConfigureAwait(false);
            committed += result.IsCommitted ? 1 : 0;
        }

        return committed;
    }

    private static Task ApplyAtOnce(PendingBatch batch)
    {
        if (!RecordBatchFormat.TryValidate(batch.Payload.Span, out var count))
        {
            throw new InvalidOperationException("the committer produced a malformed batch");
        }

        var entry = new ReplicatedEntry(1, 1, batch.Payload, count, batch.Contexts);
        var records = 0;
        foreach (var record in entry)
        {
            records += record.Payload.Length > 0 ? 1 : 0;
        }

        if (records != batch.Count)
        {
            throw new InvalidOperationException("the applier saw a different number of records than were added");
        }

        batch.Complete(1, 1);
        return Task.CompletedTask;
    }
}
