using RocketMQ.Common.Messages;
using RocketMQ.Store.Writing;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>
/// Runs one <see cref="ModelScenario"/> against a real store and the <see cref="StoreModel"/>, comparing after every
/// command. Writes, restarts and retention here; reads in <c>ModelRun.Reads.cs</c>.
/// </summary>
internal sealed partial class ModelRun
{
    private readonly PropertyStore _harness;
    private readonly StoreModel _model;
    private readonly ModelCoverage _coverage;
    private long _lastCommitLogOffset;

    private ModelRun(PropertyStore harness, StoreModel model, ModelCoverage coverage)
    {
        _harness = harness;
        _model = model;
        _coverage = coverage;
    }

    private MessageStore Store => _harness.Store;

    /// <summary>The store settings of the model cases: small files so that reads, retention and recovery meet file
    /// boundaries within a few dozen messages.</summary>
    public static void Configure(MessageStoreOptions options, bool smallIndex)
    {
        options.MappedFileSizeConsumeQueue = 16 * 20;
        options.MaxHashSlotNum = 16;
        options.MaxIndexNum = smallIndex ? 16 : 8192;
        options.MaxMsgsNumBatch = 4;
        options.FileReservedTime = 1;
        options.DeleteWhen = "04";
    }

    public static async Task RunAsync(ModelScenario scenario, ModelCoverage coverage, bool plantOffByOne = false)
    {
        await using var harness = await PropertyStore.StartAsync(o => Configure(o, scenario.SmallIndex));
        var run = new ModelRun(harness, new StoreModel(harness.Options) { PlantOffByOne = plantOffByOne }, coverage);
        for (var step = 0; step < scenario.Commands.Length; step++)
        {
            var command = scenario.Commands[step];
            try
            {
                await run.ExecuteAsync(command);
                run.CheckBounds();
            }
            catch (Exception e)
            {
                throw new MismatchException($"step {step} ({command}): {e.Message}", e);
            }
        }
    }

    private Task ExecuteAsync(ModelCommand command) => command switch
    {
        PutCommand put => PutAsync(put.Send),
        GroupPutCommand group => GroupPutAsync(group.Sends),
        InvalidPutCommand invalid => InvalidPutAsync(invalid),
        GetCommand get => GetAsync(get),
        QueryCommand query => QueryAsync(query),
        LookupCommand lookup => LookupAsync(lookup),
        ByTimeCommand byTime => ByTimeAsync(byTime),
        AdvanceCommand advance => Advance(advance.Seconds),
        RestartCommand restart => RestartAsync(restart.Crash),
        CheckpointCommand => Checkpoint(),
        FollowerCommand => FollowerAsync(),
        RetentionCommand retention => RetentionAsync(retention),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "unknown command"),
    };

    private async Task PutAsync(SendSpec send)
    {
        var result = await Store.PutMessagesAsync(send.ToStore());
        Stored(send, result, _harness.Storage.LastIndex);
    }

    private async Task GroupPutAsync(SendSpec[] sends)
    {
        _harness.Log.AutoCommit = false;
        try
        {
            // Each put has appended its record when the call returns (it then waits for the commit), so the records
            // enter the entry in this order.
            var puts = sends.Select(send => Store.PutMessagesAsync(send.ToStore()).AsTask()).ToList();
            Verify.Equal(_model.DiskFull ? 0 : sends.Length, _harness.Log.PendingCount, "records waiting for commit");
            var index = await _harness.Log.CommitPendingAsync();
            var results = await Task.WhenAll(puts);
            for (var i = 0; i < sends.Length; i++)
            {
                Stored(sends[i], results[i], index);
            }

            _coverage.Count(sends.Length > 1 && !_model.DiskFull ? "multi-record entry" : "single-record group");
        }
        finally
        {
            _harness.Log.AutoCommit = true;
        }
    }

    /// <summary>Checks a put's result and records its messages in the model.</summary>
    private void Stored(SendSpec send, PutMessageResult result, long entryIndex)
    {
        if (_model.DiskFull)
        {
            Verify.Equal(PutMessageStatus.ServiceNotAvailable, result.Status, "put on a full disk");
            _coverage.Count("put refused, disk full");
            return;
        }

        Verify.Equal(PutMessageStatus.PutOk, result.Status, $"put status ({result.Remark})");
        Verify.Equal(send.Messages.Length, result.MessageCount, "messages stored");
        Verify.Equal(_harness.Clock.GetUtcNow().ToUnixTimeMilliseconds(), result.StoreTimestamp, "store timestamp");
        Verify.Equal(_model.Max(send.Topic, send.QueueId), result.QueueOffset, "first queue offset");
        var offsets = send.Messages.Length == 1 ? [result.CommitLogOffset] : result.CommitLogOffsets!;
        Verify.Equal(send.Messages.Length, offsets.Length, "commit-log offsets reported");
        Verify.Equal(offsets[0], result.CommitLogOffset, "first commit-log offset");
        for (var i = 0; i < offsets.Length; i++)
        {
            // Addresses are (entry index, byte position) and grow in log order (architecture decision 4).
            Verify.Equal(entryIndex, new CommitLogOffset(offsets[i]).Index, "entry index in the commit-log offset");
            Verify.That(offsets[i] > _lastCommitLogOffset, $"commit-log offset {offsets[i]} does not grow");
            _lastCommitLogOffset = offsets[i];
            var queueOffset = _model.Add(send.Topic, send.QueueId, send.Messages[i], offsets[i],
                result.StoreTimestamp);
            Verify.Equal(result.QueueOffset + i, queueOffset, "consecutive queue offsets of a batch");
        }
    }

    private async Task InvalidPutAsync(InvalidPutCommand command)
    {
        var messages = command.Send.ToStore();
        messages = command.Kind switch
        {
            InvalidSend.BadTopic => [.. messages.Select(m => m with { Topic = "bad topic!" })],
            InvalidSend.MixedQueues => [messages[0], messages[0] with { QueueId = messages[0].QueueId + 1 }],
            InvalidSend.Empty => [],
            _ => [.. messages.Select(m => m with { QueueId = -1 })],
        };
        var lastIndex = _harness.Storage.LastIndex;
        var result = await Store.PutMessagesAsync(messages);
        Verify.Equal(_model.DiskFull ? PutMessageStatus.ServiceNotAvailable : PutMessageStatus.MessageIllegal,
            result.Status, "status of an invalid send");
        Verify.Equal(lastIndex, _harness.Storage.LastIndex, "log entries after an invalid send");
    }

    private Task Advance(int seconds)
    {
        _harness.Clock.Advance(TimeSpan.FromSeconds(seconds));
        return Task.CompletedTask;
    }

    private async Task RestartAsync(bool crash)
    {
        if (crash)
        {
            await _harness.CrashAndRestartAsync();
        }
        else
        {
            await _harness.RestartAsync();
        }

        // A new store starts with its disk-full flag clear until retention looks at the disk again.
        _model.DiskFull = false;
        _coverage.Count(crash ? "crash restart" : "clean restart");
    }

    private Task Checkpoint()
    {
        Store.Checkpoint();
        Verify.Equal(Store.AppliedIndex, Store.CheckpointIndex, "checkpoint index after Checkpoint()");
        return Task.CompletedTask;
    }

    /// <summary>Queue bounds, queue lists and the applied index agree with the model after every command.</summary>
    private void CheckBounds()
    {
        Verify.Equal(_harness.Storage.LastIndex, Store.AppliedIndex, "applied index");
        Verify.Equal(_model.DiskFull, Store.IsDiskFull, "disk full");
        foreach (var (topic, queueId, min, max) in _model.Queues)
        {
            Verify.Equal(max, Store.GetMaxOffsetInQueue(topic, queueId), $"max offset of {topic}/{queueId}");
            Verify.Equal(min, Store.GetMinOffsetInQueue(topic, queueId), $"min offset of {topic}/{queueId}");
        }

        foreach (var topic in StoreGenerators.Topics)
        {
            var expected = _model.Queues.Where(q => q.Topic == topic).OrderBy(q => q.QueueId)
                .Select(q => (q.QueueId, q.Min, q.Max));
            Verify.Equal(string.Join(" ", expected), string.Join(" ", Store.QueuesOf(topic)), $"queues of {topic}");
        }
    }
}
