using RocketMQ.Common.Messages;
using RocketMQ.Store.Reading;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>A message as the model knows it: what was sent, and what the put reported.</summary>
internal sealed record ModelMessage(string Topic, int QueueId, MessageSpec Spec, long QueueOffset, long CommitLogOffset,
    long StoreTimestamp)
{
    private byte[]? _body;

    public long EntryIndex => new CommitLogOffset(CommitLogOffset).Index;

    public int Size { get; } = Spec.StoredSize(Topic);

    public byte[] Body => _body ??= Spec.Body();
}

/// <summary>What a get must return.</summary>
internal sealed record ExpectedGet(GetMessageStatus Status, long NextBeginOffset, long MinOffset, long MaxOffset,
    IReadOnlyList<ModelMessage> Messages);

/// <summary>
/// The deliberately simple model: lists of messages per queue, a minimum per queue, the first index the log still
/// holds. Every expectation is computed by brute force from these, following RocketMQ's rules as written in
/// <c>MessageStore.Get.cs</c> (statuses, next offsets, one ConsumeQueue file per read, transfer budgets).
/// </summary>
internal sealed class StoreModel(MessageStoreOptions options)
{
    /// <summary>Units RocketMQ scans at most per filtered get (16,000 bytes of 20-byte units).</summary>
    private const int MinUnitsScanned = 800;

    private readonly Dictionary<(string Topic, int QueueId), ModelQueue> _queues = [];
    private readonly List<ModelMessage> _all = [];

    /// <summary>Canary hook: when set, the model is wrong by one in the next offset of reads that found messages.
    /// </summary>
    public bool PlantOffByOne { get; init; }

    /// <summary>Every message in log order.</summary>
    public IReadOnlyList<ModelMessage> All => _all;

    /// <summary>Entries below this index were deleted by retention (the log's first index).</summary>
    public long FirstLogIndex { get; set; } = 1;

    /// <summary>The retention boundary (snapshot index) the store reported last.</summary>
    public long Boundary { get; set; }

    /// <summary>Puts are refused: the last retention run saw the disk above diskSpaceWarningLevelRatio.</summary>
    public bool DiskFull { get; set; }

    public IEnumerable<(string Topic, int QueueId, long Min, long Max)> Queues =>
        _queues.Select(q => (q.Key.Topic, q.Key.QueueId, q.Value.Min, (long)q.Value.Messages.Count));

    public bool IsAlive(ModelMessage message) => message.EntryIndex >= FirstLogIndex;

    public long Max(string topic, int queueId) => Find(topic, queueId)?.Messages.Count ?? 0;

    public long Min(string topic, int queueId) => Find(topic, queueId)?.Min ?? 0;

    public IReadOnlyList<ModelMessage> QueueMessages(string topic, int queueId) =>
        Find(topic, queueId)?.Messages ?? [];

    /// <summary>Records a stored message; returns the queue offset it must have got.</summary>
    public long Add(string topic, int queueId, MessageSpec spec, long commitLogOffset, long storeTimestamp)
    {
        if (!_queues.TryGetValue((topic, queueId), out var queue))
        {
            _queues[(topic, queueId)] = queue = new ModelQueue();
        }

        var message = new ModelMessage(topic, queueId, spec, queue.Messages.Count, commitLogOffset, storeTimestamp);
        queue.Messages.Add(message);
        _all.Add(message);
        return message.QueueOffset;
    }

    /// <summary>Takes the store's new minimum after retention (checked by the caller first).</summary>
    public void SetMin(string topic, int queueId, long min) => _queues[(topic, queueId)].Min = min;

    /// <summary>What a get must return; <paramref name="correct"/> false keeps the next offset of error statuses
    /// where it was (the consumer's offset must not move).</summary>
    public ExpectedGet Get(string topic, int queueId, long offset, int maxMessages, IReadOnlySet<long>? filter,
        int maxBytes, bool correct)
    {
        if (Find(topic, queueId) is not { } queue)
        {
            return new ExpectedGet(GetMessageStatus.NoMatchedLogicQueue, Next(0), 0, 0, []);
        }

        long min = queue.Min, max = queue.Messages.Count;
        return max == 0 ? new ExpectedGet(GetMessageStatus.NoMessageInQueue, Next(0), min, max, [])
            : offset < min ? new ExpectedGet(GetMessageStatus.OffsetTooSmall, Next(min), min, max, [])
            : offset == max ? new ExpectedGet(GetMessageStatus.OffsetOverflowOne, offset, min, max, [])
            : offset > max ? new ExpectedGet(GetMessageStatus.OffsetOverflowBadly, Next(max), min, max, [])
            : Read(queue, offset, Math.Max(1, maxMessages), filter, maxBytes) with { MinOffset = min, MaxOffset = max };

        long Next(long corrected) => correct ? corrected : offset;
    }

    /// <summary>Messages of <paramref name="topic"/> carrying <paramref name="key"/> within the window, still in the
    /// log, newest first, as many as the query may return.</summary>
    public IReadOnlyList<ModelMessage> Query(string topic, string key, int maxCount, long begin, long end) =>
        [.. _all.Where(m => m.Topic == topic && m.Spec.IndexKeys.Contains(key) && IsAlive(m)
                && m.StoreTimestamp >= begin && m.StoreTimestamp <= end)
            .OrderByDescending(m => m.CommitLogOffset)
            .Take(Math.Clamp(maxCount, 1, options.MaxMsgsNumBatch))];

    /// <summary>The first queue offset in [min, max) stored at or after <paramref name="timestamp"/>; max if none;
    /// 0 for an unknown queue.</summary>
    public long OffsetByTime(string topic, int queueId, long timestamp)
    {
        if (Find(topic, queueId) is not { } queue)
        {
            return 0;
        }

        for (var offset = queue.Min; offset < queue.Messages.Count; offset++)
        {
            if (queue.Messages[(int)offset].StoreTimestamp >= timestamp)
            {
                return offset;
            }
        }

        return queue.Messages.Count;
    }

    private ExpectedGet Read(ModelQueue queue, long offset, int maxMessages, IReadOnlySet<long>? filter,
        int maxBytes)
    {
        // One read stays within the ConsumeQueue file holding the offset (RocketMQ's getIndexBuffer).
        var unitsPerFile = options.MappedFileSizeConsumeQueue / 20;
        var readable = (int)Math.Min(unitsPerFile - (offset % unitsPerFile), queue.Messages.Count - offset);
        var scan = Math.Min(readable, Math.Max(MinUnitsScanned, maxMessages));
        var planned = new List<ModelMessage>();
        var bytes = 0;
        var consumed = 0;
        for (; consumed < scan; consumed++)
        {
            var message = queue.Messages[(int)(offset + consumed)];
            // The first message is served whatever its size; then the caller's and the hot-data budgets apply.
            if (planned.Count > 0 && (planned.Count >= maxMessages || bytes + message.Size > maxBytes
                    || bytes + message.Size > options.MaxTransferBytesOnMessageInMemory
                    || planned.Count >= options.MaxTransferCountOnMessageInMemory))
            {
                break;
            }

            if (filter is null || filter.Contains(message.Spec.TagsCode))
            {
                planned.Add(message);
                bytes += message.Size;
            }
        }

        var next = offset + consumed;
        if (planned.Count == 0)
        {
            return new ExpectedGet(GetMessageStatus.NoMatchedMessage, next, 0, 0, []);
        }

        // Messages whose entries retention deleted are skipped (they can only lead the plan).
        var alive = planned.Where(IsAlive).ToList();
        return alive.Count == 0
            ? new ExpectedGet(GetMessageStatus.MessageWasRemoving, next, 0, 0, [])
            : new ExpectedGet(GetMessageStatus.Found, next + (PlantOffByOne ? 1 : 0), 0, 0, alive);
    }

    private ModelQueue? Find(string topic, int queueId) => _queues.GetValueOrDefault((topic, queueId));

    private sealed class ModelQueue
    {
        public List<ModelMessage> Messages { get; } = [];

        public long Min { get; set; }
    }
}
