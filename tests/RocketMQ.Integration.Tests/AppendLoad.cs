using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using RocketMQ.DLedger.Bench.Driver;

namespace RocketMQ.Integration.Tests;

/// <summary>
/// Closed-loop appenders for process tests: each appends records whose first 8 bytes are a fresh id, keeps the
/// acknowledged ids, and tells waiters when a number of acknowledgements is reached or when a member other than a
/// given one acknowledges. <see cref="StopAsync"/> lets every append in flight finish (nothing left in flight).
/// </summary>
internal sealed class AppendLoad(Appender appender, int payloadBytes = 256) : IAsyncDisposable
{
    private readonly ConcurrentQueue<long> _acknowledged = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private readonly List<(long Count, TaskCompletionSource Reached)> _countWaiters = [];
    private (string Address, TaskCompletionSource<long> Seen)? _otherThan;
    private Task[] _workers = [];
    private long _nextId;
    private volatile bool _stopping;

    public long Acks => _acknowledged.Count;

    public IReadOnlyList<long> AcknowledgedIds => [.. _acknowledged];

    public void Start(int workers) =>
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync))];

    /// <summary>Completes once <paramref name="count"/> appends in total were acknowledged.</summary>
    public Task WaitForAcksAsync(long count)
    {
        lock (_gate)
        {
            if (Acks >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _countWaiters.Add((count, reached));
            return reached.Task;
        }
    }

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp of the next acknowledgement by a member other
    /// than <paramref name="address"/>.</summary>
    public Task<long> FirstAckFromOtherThan(string address)
    {
        lock (_gate)
        {
            var seen = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _otherThan = (address, seen);
            return seen.Task;
        }
    }

    /// <summary>Stops starting appends and waits for those in flight to be acknowledged.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await _abort.CancelAsync();
        await Task.WhenAll(_workers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _abort.Dispose();
    }

    private async Task WorkAsync()
    {
        while (!_stopping)
        {
            var payload = new byte[payloadBytes];
            var id = Interlocked.Increment(ref _nextId);
            BinaryPrimitives.WriteInt64LittleEndian(payload, id);
            if (await appender.AppendAsync(payload, _abort.Token) is not { } ack)
            {
                return;
            }

            _acknowledged.Enqueue(id);
            OnAck(ack.Address);
        }
    }

    private void OnAck(string address)
    {
        lock (_gate)
        {
            if (_otherThan is { } other && other.Address != address)
            {
                other.Seen.TrySetResult(Stopwatch.GetTimestamp());
                _otherThan = null;
            }

            for (var i = _countWaiters.Count - 1; i >= 0; i--)
            {
                if (Acks >= _countWaiters[i].Count)
                {
                    _countWaiters[i].Reached.TrySetResult();
                    _countWaiters.RemoveAt(i);
                }
            }
        }
    }
}
