using System.IO.Pipelines;

namespace RocketMQ.DLedger.Transport;

/// <summary>
/// One side's input of an <see cref="InMemoryConnection"/>: the inner pipe's reader, except that once the
/// connection is aborted every read throws the abort reason (buffered bytes are not delivered, as after a reset).
/// </summary>
/// <remarks>Used by one reader at a time, like any <see cref="PipeReader"/>; the abort may come from any
/// thread (it cancels the pending read, which this wrapper turns into the exception).</remarks>
internal sealed class InMemoryPipeReader(PipeReader inner, InMemoryConnection connection) : PipeReader
{
    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) =>
        inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfAborted();
        var pending = inner.ReadAsync(cancellationToken);
        return pending.IsCompletedSuccessfully ? new(Checked(pending.Result)) : AwaitAsync(pending);
    }

    public override bool TryRead(out ReadResult result)
    {
        ThrowIfAborted();
        var read = inner.TryRead(out result);
        if (read)
        {
            result = Checked(result);
        }

        return read;
    }

    private async ValueTask<ReadResult> AwaitAsync(ValueTask<ReadResult> pending) =>
        Checked(await pending.ConfigureAwait(false));

    private ReadResult Checked(ReadResult result)
    {
        // The abort wakes the read with IsCanceled; a read that raced with it must not hand out stale bytes.
        ThrowIfAborted();
        return result;
    }

    private void ThrowIfAborted()
    {
        if (connection.IsAborted)
        {
            throw connection.AbortException();
        }
    }
}
