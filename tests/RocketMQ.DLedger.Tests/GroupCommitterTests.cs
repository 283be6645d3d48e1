using System.Diagnostics.Metrics;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger.Commit;

namespace RocketMQ.DLedger.Tests;

/// <summary>The group committer alone (no Raft): records gather while entries are in flight, and the commit
/// metrics describe what happened.</summary>
public sealed class GroupCommitterTests
{
    [Fact]
    public async Task Records_gather_while_an_entry_is_in_flight_and_the_metrics_count_them()
    {
        using var metrics = new MetricsRecorder();
        var firstEntryReplicating = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var index = 0L;
        await using var committer = new GroupCommitter(async batch =>
        {
            var entry = Interlocked.Increment(ref index);
            if (entry == 1)
            {
                firstEntryReplicating.SetResult();
                await releaseFirst.Task;
            }

            batch.Complete(entry, term: 1);
        }, maxBatchBytes: 1024 * 1024, maxInflight: 1);

        var first = committer.AppendAsync(new RecordKind(1), [1], null);
        await firstEntryReplicating.Task;
        var queued = Enumerable.Range(0, 9).Select(i => committer.AppendAsync(new RecordKind(1), [(byte)i], null))
            .Select(v => v.AsTask()).ToList();
        releaseFirst.SetResult();
        var results = await Task.WhenAll(queued.Prepend(first.AsTask()));

        Assert.All(results, r => Assert.Equal(AppendStatus.Committed, r.Status));
        Assert.Equal([1L, 2L], results.Select(r => r.Index).Distinct().Order());
        await committer.WhenIdleAsync();
        Assert.Equal([1, 9], metrics.Values("entry-records").Select(v => (int)v).Order());
        Assert.Equal(2, metrics.Values("entry-commit-time").Count);
        Assert.Equal(2, metrics.Values("entry-slot-time").Count);
        Assert.Contains(metrics.Values("entry-queue-time"), v => v > 0);
    }

    /// <summary>Collects the committer's measurements (only from instruments of its meter).</summary>
    private sealed class MetricsRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, List<double>> _values = [];

        public MetricsRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CommitMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument.Name, value));
            _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name, value));
            _listener.Start();
        }

        public List<double> Values(string name)
        {
            lock (_values)
            {
                return _values.TryGetValue(name, out var list) ? [.. list] : [];
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Add(string name, double value)
        {
            lock (_values)
            {
                (_values.TryGetValue(name, out var list) ? list : _values[name] = []).Add(value);
            }
        }
    }
}
