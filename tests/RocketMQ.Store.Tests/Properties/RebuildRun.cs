using RocketMQ.Common.Replication;
using RocketMQ.Store.Writing;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>
/// Runs one <see cref="RebuildScenario"/> on a store (restarts and crashes included), then rebuilds a second store
/// from the same log into an empty directory and compares the two with <see cref="StoreComparison"/>.
/// </summary>
internal sealed class RebuildRun
{
    private readonly PropertyStore _harness;

    /// <summary>Each queue's expected max offset: a count of what was put since its topic was last deleted, so the
    /// comparison cannot pass with two equally empty stores.</summary>
    private readonly Dictionary<(string Topic, int QueueId), long> _counts = [];

    private RebuildRun(PropertyStore harness) => _harness = harness;

    /// <summary>Small ConsumeQueue and Index files: a few dozen sends roll several files of each.</summary>
    public static void Configure(MessageStoreOptions options)
    {
        options.MappedFileSizeConsumeQueue = 16 * 20;
        options.MaxHashSlotNum = 16;
        options.MaxIndexNum = 16;
    }

    /// <param name="scenario">The history.</param>
    /// <param name="tamper">Canary hook: changes the rebuilt store's directory before the comparison.</param>
    public static async Task RunAsync(RebuildScenario scenario, Action<string>? tamper = null)
    {
        await using var harness = await PropertyStore.StartAsync(Configure);
        var run = new RebuildRun(harness);
        for (var step = 0; step < scenario.Commands.Length; step++)
        {
            try
            {
                await run.ExecuteAsync(scenario.Commands[step]);
            }
            catch (Exception e)
            {
                throw new MismatchException($"step {step} ({scenario.Commands[step]}): {e.Message}", e);
            }
        }

        var (rebuilt, log, options) = await harness.OpenRebuiltAsync();
        try
        {
            foreach (var ((topic, queueId), count) in run._counts)
            {
                Verify.Equal(count, harness.Store.GetMaxOffsetInQueue(topic, queueId),
                    $"max offset of {topic}/{queueId}");
            }

            tamper?.Invoke(options.StorePathRootDir);
            await StoreComparison.CompareAsync(harness.Store, rebuilt);
        }
        finally
        {
            await PropertyStore.CloseRebuiltAsync(rebuilt, log);
        }
    }

    private async Task ExecuteAsync(HistoryCommand command)
    {
        switch (command)
        {
            case HistoryPut put:
                Stored(put.Send, await _harness.Store.PutMessagesAsync(put.Send.ToStore()));
                break;
            case HistoryConfig config:
                await AppendAsync(config.Record);
                break;
            case HistoryEntry entry:
                await CommitTogetherAsync(entry.Records);
                break;
            case HistoryClock clock:
                _harness.Clock.Advance(TimeSpan.FromSeconds(clock.Seconds));
                break;
            case HistoryCheckpoint:
                _harness.Store.Checkpoint();
                break;
            case HistoryRestart { Crash: true }:
                await _harness.CrashAndRestartAsync();
                break;
            case HistoryRestart:
                await _harness.RestartAsync();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "unknown command");
        }
    }

    private async Task AppendAsync(ConfigRecord record)
    {
        var appended = await _harness.Log.AppendAsync(record.Kind, record.Payload, null, CancellationToken.None);
        Verify.That(appended.IsCommitted, $"{record} not committed: {appended.Status}");
        Applied(record);
    }

    private async Task CommitTogetherAsync(object[] records)
    {
        _harness.Log.AutoCommit = false;
        try
        {
            // Every call has appended its record when it returns, so the entry holds them in this order.
            var pending = records.Select(record => record switch
            {
                SendSpec send => _harness.Store.PutMessagesAsync(send.ToStore()).AsTask().ContinueWith(
                    t => (object)t.Result, TaskScheduler.Default),
                ConfigRecord config => _harness.Log.AppendAsync(config.Kind, config.Payload, null,
                    CancellationToken.None).AsTask().ContinueWith(t => (object)t.Result, TaskScheduler.Default),
                _ => throw new ArgumentOutOfRangeException(nameof(records), record, "not a record"),
            }).ToList();
            Verify.Equal(records.Length, _harness.Log.PendingCount, "records waiting for commit");
            await _harness.Log.CommitPendingAsync();
            var results = await Task.WhenAll(pending);
            for (var i = 0; i < records.Length; i++)
            {
                if (records[i] is SendSpec send)
                {
                    Stored(send, (PutMessageResult)results[i]);
                }
                else
                {
                    Verify.That(results[i] is AppendResult { IsCommitted: true }, "config committed");
                    Applied((ConfigRecord)records[i]);
                }
            }
        }
        finally
        {
            _harness.Log.AutoCommit = true;
        }
    }

    private void Stored(SendSpec send, PutMessageResult result)
    {
        Verify.Equal(PutMessageStatus.PutOk, result.Status, $"put status ({result.Remark})");
        var count = _counts.GetValueOrDefault((send.Topic, send.QueueId));
        Verify.Equal(count, result.QueueOffset, "queue offset");
        _counts[(send.Topic, send.QueueId)] = count + send.Messages.Length;
    }

    private void Applied(ConfigRecord record)
    {
        if (record.DeletedTopic is { } topic)
        {
            foreach (var key in _counts.Keys.Where(k => k.Topic == topic).ToList())
            {
                _counts[key] = 0;
            }
        }
    }
}
