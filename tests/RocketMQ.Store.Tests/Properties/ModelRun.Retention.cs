namespace RocketMQ.Store.Tests.Properties;

/// <summary>Retention steps of <see cref="ModelRun"/>: the store picks the boundary, the model checks it.</summary>
internal sealed partial class ModelRun
{
    private async Task RetentionAsync(RetentionCommand command)
    {
        var clock = _harness.Clock;
        switch (command.Mode)
        {
            case RetentionMode.DeleteHour:
                // To the next deleteWhen hour ("04"), some whole minutes in: everything older than an hour expired.
                var now = clock.GetUtcNow();
                var next = new DateTimeOffset(now.Year, now.Month, now.Day, 4, command.Minutes % 60, 0, TimeSpan.Zero);
                clock.Advance((next > now ? next : next.AddDays(1)) - now);
                break;
            case RetentionMode.SpaceTight:
                clock.Advance(TimeSpan.FromMinutes(command.Minutes));
                break;
            default:
                break;
        }

        _harness.DiskUsage = command.Mode switch
        {
            RetentionMode.SpaceTight => 0.80,
            RetentionMode.Forced => 0.87,
            RetentionMode.DiskFull => 0.95,
            _ => 0.10,
        };
        var atDeleteHour = clock.GetUtcNow().Hour == 4;
        Store.RunRetention();
        var boundary = Store.Snapshot?.Index ?? 0;
        Verify.That(boundary >= _model.Boundary, $"retention boundary moved back from {_model.Boundary} to {boundary}");
        Verify.That(boundary <= Store.CheckpointIndex, $"boundary {boundary} above the checkpoint");
        if (command.Mode == RetentionMode.Idle && !atDeleteHour)
        {
            Verify.Equal(_model.Boundary, boundary, "boundary after a retention run with nothing due");
        }

        Verify.Equal(boundary, _harness.Log.CompactToSnapshot(), "log compacted up to");
        Verify.Equal(Math.Max(1, boundary + 1), _harness.Storage.FirstIndex, "first index the log holds");
        if (boundary > _model.Boundary)
        {
            _coverage.Count("retention boundary moved");
        }

        _model.Boundary = boundary;
        _model.FirstLogIndex = _harness.Storage.FirstIndex;
        _model.DiskFull = _harness.DiskUsage >= Store.Options.DiskSpaceWarningLevelRatio / 100.0;
        TakeMinimums(boundary);

        // The newest removed message answers "removed" now, by its address (ids handed out stay decodable).
        if (_model.All.LastOrDefault(m => !_model.IsAlive(m)) is { } removed)
        {
            await LookupAtAsync(LookupKind.Message, removed);
        }
    }

    /// <summary>
    /// A replica behind the boundary gets the snapshot instead of the deleted entries (decision 9): its queues restart
    /// at the snapshot's offsets, so its bounds must be the model's (the leader's minimums are exactly the first
    /// offsets above the boundary) and every read and key query must answer as on the leader.
    /// </summary>
    private async Task FollowerAsync()
    {
        if (Store.Snapshot is not { } snapshot)
        {
            return;
        }

        var (follower, log) = await _harness.OpenFollowerAsync(snapshot);
        try
        {
            Verify.Equal(Store.AppliedIndex, follower.AppliedIndex, "follower's applied index");
            foreach (var (topic, queueId, min, max) in _model.Queues)
            {
                Verify.Equal((min, max),
                    (follower.GetMinOffsetInQueue(topic, queueId), follower.GetMaxOffsetInQueue(topic, queueId)),
                    $"follower's bounds of {topic}/{queueId}");
            }

            await StoreComparison.SameAnswersAsync(Store, follower);
            _coverage.Count("follower from snapshot");
        }
        finally
        {
            await PropertyStore.CloseRebuiltAsync(follower, log);
        }
    }

    /// <summary>The store decides each queue's new minimum; it may only move forward, over messages at or below the
    /// boundary (their entries are gone from the log).</summary>
    private void TakeMinimums(long boundary)
    {
        foreach (var (topic, queueId, min, _) in _model.Queues.ToList())
        {
            var storeMin = Store.GetMinOffsetInQueue(topic, queueId);
            Verify.That(storeMin >= min, $"min offset of {topic}/{queueId} moved back from {min} to {storeMin}");
            var messages = _model.QueueMessages(topic, queueId);
            for (var offset = min; offset < storeMin; offset++)
            {
                var index = messages[(int)offset].EntryIndex;
                Verify.That(index <= boundary,
                    $"min offset of {topic}/{queueId} moved to {storeMin} past offset {offset} in entry {index}, "
                    + $"above the boundary {boundary}");
            }

            if (storeMin > min)
            {
                _coverage.Count("queue minimum moved");
            }

            _model.SetMin(topic, queueId, storeMin);
        }
    }
}
