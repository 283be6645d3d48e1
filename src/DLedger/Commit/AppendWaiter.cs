using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.Commit;

/// <summary>
/// The pending result of one append: a pooled, reusable <see cref="IValueTaskSource{TResult}"/> so the send path
/// allocates nothing per record. Completed exactly once per use, by the applier (committed) or by the committer
/// (failed); continuations run on the thread pool, never inline on the Raft applier.
/// </summary>
internal sealed class AppendWaiter : IValueTaskSource<AppendResult>
{
    private const int MaxPooled = 4096;
    private static readonly ConcurrentQueue<AppendWaiter> Pool = new();

    private ManualResetValueTaskSourceCore<AppendResult> _core = new() { RunContinuationsAsynchronously = true };

    /// <summary>The appender's object handed to the leader's state machine with the record.</summary>
    public object? ApplyContext { get; private set; }

    public static AppendWaiter Rent(object? applyContext)
    {
        var waiter = Pool.TryDequeue(out var pooled) ? pooled : new AppendWaiter();
        waiter.ApplyContext = applyContext;
        return waiter;
    }

    public ValueTask<AppendResult> AsValueTask() => new(this, _core.Version);

    public void Complete(AppendResult result) => _core.SetResult(result);

    public AppendResult GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            // The awaiter has the result; the instance may serve the next append.
            ApplyContext = null;
            _core.Reset();
            if (Pool.Count < MaxPooled)
            {
                Pool.Enqueue(this);
            }
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _core.OnCompleted(continuation, state, token, flags);
}
