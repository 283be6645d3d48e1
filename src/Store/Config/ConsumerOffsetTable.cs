using System.Collections.Immutable;

namespace RocketMQ.Store.Config;

/// <summary>
/// Committed consumer offsets (RocketMQ's <c>ConsumerOffsetManager.offsetTable</c>, "topic@group" →
/// queue id → offset), held as topic → group → queue id → offset so that a topic's groups are one lookup.
/// </summary>
/// <remarks>Immutable: every commit produces a new table and <see cref="ConfigState"/> publishes it, so any
/// number of threads read one without locks and a reference to it is a consistent snapshot of all offsets.
/// A (topic, group) pair is present only while it has at least one queue offset.</remarks>
public sealed class ConsumerOffsetTable
{
    private static readonly ImmutableDictionary<int, long> NoQueues = ImmutableDictionary<int, long>.Empty;

    private static readonly ImmutableDictionary<string, ImmutableDictionary<int, long>> NoGroups =
        ImmutableDictionary.Create<string, ImmutableDictionary<int, long>>(StringComparer.Ordinal);

    private ConsumerOffsetTable(
        ImmutableDictionary<string, ImmutableDictionary<string, ImmutableDictionary<int, long>>> byTopic) =>
        ByTopic = byTopic;

    /// <summary>No offsets.</summary>
    public static ConsumerOffsetTable Empty { get; } = new(
        ImmutableDictionary.Create<string, ImmutableDictionary<string, ImmutableDictionary<int, long>>>(
            StringComparer.Ordinal));

    /// <summary>Topic → group → queue id → offset; names compare ordinally. Inner maps are never empty.</summary>
    public ImmutableDictionary<string, ImmutableDictionary<string, ImmutableDictionary<int, long>>> ByTopic { get; }

    /// <summary>True when no group has an offset.</summary>
    public bool IsEmpty => ByTopic.IsEmpty;

    /// <summary>The offset <paramref name="group"/> committed for the queue, or -1 when it has none
    /// (<c>ConsumerOffsetManager.queryOffset</c>).</summary>
    public long Query(string group, string topic, int queueId) =>
        ByTopic.TryGetValue(topic, out var groups) && groups.TryGetValue(group, out var queues)
        && queues.TryGetValue(queueId, out var offset)
            ? offset
            : -1;

    /// <summary>Queue id → offset of <paramref name="group"/> on <paramref name="topic"/>; empty when none.</summary>
    public ImmutableDictionary<int, long> OffsetsOf(string group, string topic) =>
        ByTopic.TryGetValue(topic, out var groups) && groups.TryGetValue(group, out var queues) ? queues : NoQueues;

    /// <summary>The groups with an offset on <paramref name="topic"/>, ordinally sorted
    /// (<c>whichGroupByTopic</c>, QUERY_TOPIC_CONSUME_BY_WHO).</summary>
    public IReadOnlyList<string> GroupsOf(string topic) =>
        ByTopic.TryGetValue(topic, out var groups) ? Sorted(groups.Keys) : [];

    /// <summary>The topics <paramref name="group"/> has an offset on, ordinally sorted
    /// (<c>whichTopicByConsumer</c>). Scans every topic.</summary>
    public IReadOnlyList<string> TopicsOf(string group) =>
        Sorted(ByTopic.Where(topic => topic.Value.ContainsKey(group)).Select(topic => topic.Key));

    /// <summary>Every (group, topic, queue id, offset), sorted by topic, group (ordinal) and queue id: the
    /// deterministic order of the binary snapshot and the JSON file.</summary>
    public IEnumerable<ConsumerOffsetEntry> SortedEntries()
    {
        foreach (var topic in Sorted(ByTopic.Keys))
        {
            var groups = ByTopic[topic];
            foreach (var group in Sorted(groups.Keys))
            {
                foreach (var queue in groups[group].OrderBy(queue => queue.Key))
                {
                    yield return new ConsumerOffsetEntry(group, topic, queue.Key, queue.Value);
                }
            }
        }
    }

    /// <summary>Same offsets for the same (topic, group, queue) keys.</summary>
    public bool ContentEquals(ConsumerOffsetTable other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ByTopic.Count == other.ByTopic.Count && ByTopic.All(topic =>
            other.ByTopic.TryGetValue(topic.Key, out var groups) && groups.Count == topic.Value.Count
            && topic.Value.All(group => groups.TryGetValue(group.Key, out var queues)
                && queues.Count == group.Value.Count
                && group.Value.All(queue => queues.TryGetValue(queue.Key, out var offset) && offset == queue.Value)));
    }

    /// <summary>The table after <paramref name="entries"/> were set in order (no monotonic check: RocketMQ's
    /// <c>commitOffset</c> only logs a decrease, and a reset moves offsets back on purpose).</summary>
    internal ConsumerOffsetTable With(IEnumerable<ConsumerOffsetEntry> entries)
    {
        var byTopic = ByTopic.ToBuilder();
        foreach (var entry in entries)
        {
            var groups = byTopic.GetValueOrDefault(entry.Topic, NoGroups);
            var queues = groups.GetValueOrDefault(entry.Group, NoQueues);
            byTopic[entry.Topic] = groups.SetItem(entry.Group, queues.SetItem(entry.QueueId, entry.Offset));
        }

        return new ConsumerOffsetTable(byTopic.ToImmutable());
    }

    /// <summary>The table without any offset on <paramref name="topic"/> (this same instance when it had none).
    /// </summary>
    internal ConsumerOffsetTable WithoutTopic(string topic) =>
        ByTopic.ContainsKey(topic) ? new ConsumerOffsetTable(ByTopic.Remove(topic)) : this;

    /// <summary>The table without any offset of <paramref name="group"/> (this same instance when it had none),
    /// as <c>ConsumerOffsetManager.removeOffset</c>.</summary>
    internal ConsumerOffsetTable WithoutGroup(string group)
    {
        var byTopic = ByTopic.ToBuilder();
        var changed = false;
        foreach (var (topic, groups) in ByTopic)
        {
            if (groups.ContainsKey(group))
            {
                changed = true;
                var remaining = groups.Remove(group);
                if (remaining.IsEmpty)
                {
                    byTopic.Remove(topic);
                }
                else
                {
                    byTopic[topic] = remaining;
                }
            }
        }

        return changed ? new ConsumerOffsetTable(byTopic.ToImmutable()) : this;
    }

    /// <summary>Builds a table from already-validated nested maps (snapshot reading).</summary>
    internal static ConsumerOffsetTable From(
        ImmutableDictionary<string, ImmutableDictionary<string, ImmutableDictionary<int, long>>> byTopic) =>
        new(byTopic.WithComparers(StringComparer.Ordinal));

    internal static ImmutableDictionary<string, ImmutableDictionary<int, long>> EmptyGroups => NoGroups;

    private static string[] Sorted(IEnumerable<string> names)
    {
        var sorted = names.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }
}
