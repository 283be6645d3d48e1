using RocketMQ.Common.Messages;
using RocketMQ.Store.Reading;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>
/// Compares a store that lived through a history with one rebuilt from the same log: projection files byte for byte
/// (same names), queues and their bounds, config tables, and what reads and key queries return.
/// </summary>
internal static class StoreComparison
{
    private static readonly string[] QueryKeys = [.. StoreGenerators.Keys, .. StoreGenerators.UniqueKeys];

    public static async Task CompareAsync(MessageStore lived, MessageStore rebuilt)
    {
        Verify.Equal(lived.AppliedIndex, rebuilt.AppliedIndex, "applied index");
        SameFiles(lived.Options.ConsumeQueueDirectory, rebuilt.Options.ConsumeQueueDirectory, "consumequeue");
        SameFiles(lived.Options.IndexDirectory, rebuilt.Options.IndexDirectory, "index");
        await SameAnswersAsync(lived, rebuilt);
    }

    /// <summary>Config, queues and bounds, every read of every queue and every key query agree.</summary>
    public static async Task SameAnswersAsync(MessageStore lived, MessageStore rebuilt)
    {
        Verify.That(lived.Config.ContentEquals(rebuilt.Config), "config tables differ");
        foreach (var topic in StoreGenerators.Topics)
        {
            Verify.Equal(string.Join(" ", lived.QueuesOf(topic)), string.Join(" ", rebuilt.QueuesOf(topic)),
                $"queues of {topic}");
            foreach (var (queueId, min, max) in lived.QueuesOf(topic))
            {
                await SameReadsAsync(lived, rebuilt, topic, queueId, min, max, null);
                await SameReadsAsync(lived, rebuilt, topic, queueId, min, max,
                    new TagsFilter([TagsHash.Of(StoreGenerators.Tags[0])]));
            }

            foreach (var key in QueryKeys)
            {
                using var fromLived = await lived.QueryMessageAsync(topic, key, 64, 0, long.MaxValue);
                using var fromRebuilt = await rebuilt.QueryMessageAsync(topic, key, 64, 0, long.MaxValue);
                SameMessages(fromLived.Messages, fromRebuilt.Messages, $"query {topic} '{key}'");
            }
        }
    }

    /// <summary>Reads a whole queue through both stores, page by page, and compares every answer.</summary>
    private static async Task SameReadsAsync(MessageStore lived, MessageStore rebuilt, string topic, int queueId,
        long min, long max, IMessageFilter? filter)
    {
        // Each page moves forward by at least one unit, so max - min + 1 pages reach the end.
        var offset = min;
        for (var page = 0; page <= max - min; page++)
        {
            using var fromLived = await lived.GetMessagesAsync(topic, queueId, offset, 7, filter);
            using var fromRebuilt = await rebuilt.GetMessagesAsync(topic, queueId, offset, 7, filter);
            var what = $"get {topic}/{queueId} at {offset}{(filter is null ? "" : " filtered")}";
            Verify.Equal(fromLived.Status, fromRebuilt.Status, $"{what}: status");
            Verify.Equal(fromLived.NextBeginOffset, fromRebuilt.NextBeginOffset, $"{what}: next begin offset");
            Verify.Equal((fromLived.MinOffset, fromLived.MaxOffset), (fromRebuilt.MinOffset, fromRebuilt.MaxOffset),
                $"{what}: bounds");
            SameMessages(fromLived, fromRebuilt, what);
            if (fromLived.Status is not (GetMessageStatus.Found or GetMessageStatus.NoMatchedMessage))
            {
                return;
            }

            Verify.That(fromLived.NextBeginOffset > offset, $"{what}: no progress");
            offset = fromLived.NextBeginOffset;
        }

        throw new MismatchException($"reading {topic}/{queueId} from {min} did not reach {max}");
    }

    private static void SameMessages(GetMessageResult lived, GetMessageResult rebuilt, string what)
    {
        Verify.Equal(lived.MessageCount, rebuilt.MessageCount, $"{what}: messages");
        Verify.Equal(string.Join(",", lived.Slots.ToArray()), string.Join(",", rebuilt.Slots.ToArray()),
            $"{what}: slots");
        Verify.Bytes(lived.Messages.Span, rebuilt.Messages.Span, $"{what}: message bytes");
    }

    /// <summary>The same relative file names under both directories, with identical contents.</summary>
    private static void SameFiles(string lived, string rebuilt, string what)
    {
        var names = Files(lived);
        Verify.Equal(string.Join(" ", names), string.Join(" ", Files(rebuilt)), $"{what} file names");
        foreach (var name in names)
        {
            // The files are mapped; a read sees what the mapping holds (one page cache), flushed or not.
            Verify.Bytes(File.ReadAllBytes(Path.Combine(lived, name)), File.ReadAllBytes(Path.Combine(rebuilt, name)),
                $"{what} file {name}");
        }
    }

    private static string[] Files(string directory) => Directory.Exists(directory)
        ? [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(directory, path))
            .Order(StringComparer.Ordinal)]
        : [];
}
