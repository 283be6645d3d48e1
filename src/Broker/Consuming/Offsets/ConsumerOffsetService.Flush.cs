using RocketMQ.Store;
using RocketMQ.Store.Config;
using RocketMQ.Store.Writing;

namespace RocketMQ.Broker.Consuming.Offsets;

public sealed partial class ConsumerOffsetService
{
    /// <summary>
    /// Replicates every pending commit now, on the leader (the timer, a new leadership, a stop, or a planned
    /// leadership transfer call it); returns the number of offsets written. A follower writes nothing and returns 0.
    /// One flush runs at a time; a commit that arrives meanwhile stays pending for the next.
    /// </summary>
    public async Task<int> FlushAsync(CancellationToken token = default)
    {
        if (!_context.IsLeader || _pending.IsEmpty)
        {
            return 0;
        }

        try
        {
            await _flushing.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        try
        {
            var written = 0;
            var taken = Take();
            for (var start = 0; start < taken.Count; start += MaxEntriesPerCommand)
            {
                var chunk = taken.GetRange(start, Math.Min(MaxEntriesPerCommand, taken.Count - start));
                written += await WriteAsync(chunk, token).ConfigureAwait(false);
            }

            return written;
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>
    /// Replaces the group's offsets at once, through the log (admin resets): pending commits of those queues are
    /// superseded. Completes when the command is applied here; leader only (the result says otherwise).
    /// </summary>
    public async Task<CommandResult> ResetAsync(IReadOnlyList<ConsumerOffsetEntry> entries,
        CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (Check(entry.Group, entry.Topic, entry.QueueId, entry.Offset) is { } error)
            {
                return new CommandResult(PutMessageStatus.MessageIllegal, error, null);
            }

            if (_pending.TryGetValue(new OffsetKey(entry.Group, entry.Topic, entry.QueueId), out var pending))
            {
                lock (pending)
                {
                    Remove(new OffsetKey(entry.Group, entry.Topic, entry.QueueId), pending);
                }
            }
        }

        return await _context.Store.CommitOffsetsAsync(entries, token).ConfigureAwait(false);
    }

    /// <summary>Marks every current pending commit in flight; drops stale or already-replicated ones.</summary>
    private List<(OffsetKey Key, PendingOffset Pending, long Version, ConsumerOffsetEntry Entry)> Take()
    {
        var config = _context.Store.Config.Current;
        var taken = new List<(OffsetKey, PendingOffset, long, ConsumerOffsetEntry)>();
        foreach (var (key, pending) in _pending)
        {
            var replicated = config.Offsets.Query(key.Group, key.Topic, key.QueueId);
            lock (pending)
            {
                if (pending.Removed)
                {
                    continue;
                }

                if (!pending.IsCurrent(replicated) || pending.Offset == replicated)
                {
                    // Someone else wrote this queue's offset since (stale), or the log already holds it.
                    Remove(key, pending);
                    continue;
                }

                pending.InFlight = pending.Offset;
                taken.Add((key, pending, pending.Version,
                    new ConsumerOffsetEntry(key.Group, key.Topic, key.QueueId, pending.Offset)));
            }
        }

        return taken;
    }

    private async Task<int> WriteAsync(List<(OffsetKey Key, PendingOffset Pending, long Version,
        ConsumerOffsetEntry Entry)> chunk, CancellationToken token)
    {
        CommandResult result;
        try
        {
            result = await _context.Store.CommitOffsetsAsync([.. chunk.Select(c => c.Entry)], token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            result = new CommandResult(PutMessageStatus.OutcomeUnknown, "cancelled", null);
        }

        // A refused command would be refused forever: drop it rather than retry it every second (commits are
        // checked on arrival, so this means a bug, and it is logged).
        var poisoned = result.Status == PutMessageStatus.MessageIllegal;
        foreach (var (key, pending, version, _) in chunk)
        {
            lock (pending)
            {
                if ((result.IsOk || poisoned) && pending.Version == version)
                {
                    Remove(key, pending);
                }
                else if (result.IsOk)
                {
                    // A newer commit arrived during the flush: it now stands on what was just replicated.
                    pending.Base = pending.InFlight;
                }

                pending.InFlight = NoneInFlight;
            }
        }

        if (!result.IsOk)
        {
            ConsumeLog.OffsetFlushFailed(_logger, chunk.Count, result.Status.ToString(), result.Remark ?? "");
            return 0;
        }

        return chunk.Count;
    }

    /// <summary>Takes an entry out of the table; call with its lock held.</summary>
    private void Remove(OffsetKey key, PendingOffset pending)
    {
        pending.Removed = true;
        _pending.TryRemove(KeyValuePair.Create(key, pending));
    }
}
