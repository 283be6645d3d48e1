using System.IO.Pipelines;

namespace RocketMQ.DLedger.Transport;

/// <summary>
/// One side's output of an <see cref="InMemoryConnection"/>: the inner pipe's writer, or a sink that discards
/// every byte when the inner writer is <see langword="null"/> (a one-way drop fixed for the connection's
/// lifetime).
/// </summary>
/// <remarks>
/// Used by one writer at a time, like any <see cref="PipeWriter"/>. Once the connection is aborted, buffers come
/// from a private scratch array (so callers that size their frames with <see cref="GetSpan"/> right after an
/// accept never see an exception there), <see cref="Advance"/> does nothing, and flushes throw the abort reason.
/// </remarks>
internal sealed class InMemoryPipeWriter(PipeWriter? inner, InMemoryConnection connection) : PipeWriter
{
    // Same as a Pipe's default segment size, so a discarding side reports the same transmission size.
    private const int MinimumScratchBytes = 4096;

    private byte[] _scratch = [];

    // True while the bytes go nowhere. It only ever turns from false to true, so a scratch buffer is never
    // advanced into the inner writer; an inner buffer abandoned by an abort is harmless (nobody reads it).
    private bool Discarding => inner is null || connection.IsAborted;

    public override void Advance(int bytes)
    {
        if (!Discarding)
        {
            inner!.Advance(bytes);
        }
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) =>
        Discarding ? Scratch(sizeHint) : inner!.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) =>
        Discarding ? Scratch(sizeHint) : inner!.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner?.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner?.Complete(exception);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfAborted();
        if (inner is null)
        {
            return new(new FlushResult(isCanceled: false, isCompleted: false));
        }

        var pending = inner.FlushAsync(cancellationToken);
        return pending.IsCompletedSuccessfully ? new(Checked(pending.Result)) : AwaitAsync(pending);
    }

    private async ValueTask<FlushResult> AwaitAsync(ValueTask<FlushResult> pending) =>
        Checked(await pending.ConfigureAwait(false));

    private FlushResult Checked(FlushResult result)
    {
        // The abort wakes a flush blocked on back-pressure with IsCanceled; report the abort instead.
        ThrowIfAborted();
        return result;
    }

    private byte[] Scratch(int sizeHint)
    {
        var size = Math.Max(sizeHint, MinimumScratchBytes);
        if (_scratch.Length < size)
        {
            _scratch = new byte[size];
        }

        return _scratch;
    }

    private void ThrowIfAborted()
    {
        if (connection.IsAborted)
        {
            throw connection.AbortException();
        }
    }
}
