using RocketMQ.Store.Reading;

namespace RocketMQ.Store.Tests.Corruption;

/// <summary>What reading every queue offset gave: offsets served (all verified) and offsets reported corrupt.</summary>
internal sealed class QueueReadReport
{
    public HashSet<(string Topic, int QueueId, long Offset)> Found { get; } = [];

    public HashSet<(string Topic, int QueueId, long Offset)> Reported { get; } = [];

    /// <summary>Offsets whose read found damaged units and served the message after re-deriving them from the log.
    /// </summary>
    public HashSet<(string Topic, int QueueId, long Offset)> Repaired { get; } = [];

    /// <summary>Damage noticed at these offsets: reported, or repaired before serving.</summary>
    public HashSet<(string Topic, int QueueId, long Offset)> Detected => [.. Reported, .. Repaired];

    /// <summary>
    /// Whether damage at <paramref name="offset"/> was noticed: reported there, or repaired by a read that started at
    /// it or next to it (a read checks a unit against its neighbours, so it may notice a neighbour's damage first and
    /// re-derive both).
    /// </summary>
    public bool Noticed(string topic, int queueId, long offset) =>
        Reported.Contains((topic, queueId, offset))
        || Repaired.Any(r => r.Topic == topic && r.QueueId == queueId && Math.Abs(r.Offset - offset) <= 1);

    public List<string> Failures { get; } = [];
}

/// <summary>
/// The invariant of issue 4 for consumer reads: a get serves exactly the message put at each offset it returns, or
/// serves nothing and says <see cref="GetMessageResult.CorruptionDetected"/> — never a different message.
/// </summary>
internal static class QueueReads
{
    /// <summary>Longest a single get may take before the test counts it as hung.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads every offset of every queue alone, then walks each queue 32 messages at a time as a consumer does
    /// (stepping over reported offsets); fails with <paramref name="context"/> (name the seed there) on any
    /// violation.
    /// </summary>
    public static async Task<QueueReadReport> CheckEveryOffsetAsync(MessageStore store, SentMessages sent,
        string context, IMessageFilter? filter = null)
    {
        var report = new QueueReadReport();
        foreach (var (topic, queueId) in sent.Queues)
        {
            var count = sent.Queue(topic, queueId).Count;
            for (var offset = 0L; offset < count; offset++)
            {
                using var result = await GetAsync(store, topic, queueId, offset, 1, filter);
                var where = $"{topic}/{queueId}@{offset}";
                if (result.Status == GetMessageStatus.Found)
                {
                    report.Found.Add((topic, queueId, offset));
                    if (result.Repaired)
                    {
                        report.Repaired.Add((topic, queueId, offset));
                    }

                    CheckServed(sent, result, topic, queueId, offset, where, report);
                    if (filter is null && result.Slots[0].QueueOffset != offset)
                    {
                        report.Failures.Add($"{where}: served offset {result.Slots[0].QueueOffset} first");
                    }
                }
                else if (result.CorruptionDetected)
                {
                    report.Reported.Add((topic, queueId, offset));
                }
                else if (filter is null || result.Status != GetMessageStatus.NoMatchedMessage)
                {
                    report.Failures.Add($"{where}: {result.Status} without CorruptionDetected");
                }
            }

            await WalkAsync(store, sent, topic, queueId, filter, report);
        }

        Assert.True(report.Failures.Count == 0,
            $"{context}: {report.Failures.Count} violation(s): {string.Join("; ", report.Failures.Take(10))}");
        return report;
    }

    private static async Task WalkAsync(MessageStore store, SentMessages sent, string topic, int queueId,
        IMessageFilter? filter, QueueReadReport report)
    {
        var count = sent.Queue(topic, queueId).Count;
        var offset = 0L;
        for (var steps = 0; offset < count && steps <= (2 * count) + 2; steps++)
        {
            using var result = await GetAsync(store, topic, queueId, offset, 32, filter);
            var where = $"{topic}/{queueId} walk @{offset}";
            if (result.Status == GetMessageStatus.Found)
            {
                CheckServed(sent, result, topic, queueId, offset, where, report);
            }
            else if (!result.CorruptionDetected && result.Status != GetMessageStatus.NoMatchedMessage)
            {
                report.Failures.Add($"{where}: {result.Status} without CorruptionDetected");
            }

            // A damaged unit keeps the consumer's next offset on it (it is reported again on every pull): step over.
            offset = result.NextBeginOffset > offset ? result.NextBeginOffset : offset + 1;
        }

        if (offset < count)
        {
            report.Failures.Add($"{topic}/{queueId}: the walk did not reach the end ({offset} of {count})");
        }
    }

    private static void CheckServed(SentMessages sent, GetMessageResult result, string topic, int queueId,
        long offset, string where, QueueReadReport report)
    {
        var previous = offset - 1;
        for (var slot = 0; slot < result.MessageCount; slot++)
        {
            if (sent.Mismatch(result, slot, topic, queueId) is { } mismatch)
            {
                report.Failures.Add($"{where}: {mismatch}");
            }

            if (result.Slots[slot].QueueOffset <= previous)
            {
                report.Failures.Add($"{where}: offsets out of order at slot {slot}");
            }

            previous = result.Slots[slot].QueueOffset;
        }
    }

    private static Task<GetMessageResult> GetAsync(MessageStore store, string topic, int queueId, long offset,
        int maxMessages, IMessageFilter? filter) =>
        store.GetMessagesAsync(topic, queueId, offset, maxMessages, filter).AsTask().WaitAsync(Deadline);
}

/// <summary>Byte access to a store file through plain file I/O (shares the page cache with a running store's
/// mapping on Linux, so a running store sees the change at once).</summary>
internal static class DiskBytes
{
    public static void Flip(string path, long position, byte mask)
    {
        var bytes = Read(path, position, 1);
        bytes[0] ^= mask;
        Write(path, position, bytes);
    }

    public static void Write(string path, long position, byte[] bytes)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        RandomAccess.Write(handle, bytes, position);
    }

    public static byte[] Read(string path, long position, int length)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[length];
        Assert.Equal(length, RandomAccess.Read(handle, bytes, position));
        return bytes;
    }
}
