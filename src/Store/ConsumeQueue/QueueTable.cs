using System.Collections.Concurrent;
using System.Text;

namespace RocketMQ.Store.ConsumeQueue;

/// <summary>
/// Every ConsumeQueue of the store, by topic and queue id. One writer (the applier) creates and removes queues;
/// readers look them up concurrently by name.
/// </summary>
public sealed class QueueTable
{
    private readonly string _root;
    private readonly int _fileSizeBytes;
    private readonly ConcurrentDictionary<string, TopicQueues> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<byte[], TopicQueues> _byUtf8 = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<byte[], TopicQueues>.AlternateLookup<ReadOnlySpan<byte>> _byUtf8Span;

    /// <param name="root">The consumequeue directory.</param>
    /// <param name="fileSizeBytes">Bytes per queue file.</param>
    public QueueTable(string root, int fileSizeBytes)
    {
        _root = root;
        _fileSizeBytes = fileSizeBytes;
        _byUtf8Span = _byUtf8.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The queue, or null when no message was ever stored to it (or its topic was deleted).</summary>
    public ConsumeQueue? Find(string topic, int queueId) =>
        _byName.TryGetValue(topic, out var queues) && queues.Queues.TryGetValue(queueId, out var queue) ? queue : null;

    /// <summary>The queues of a topic (empty when none).</summary>
    public IEnumerable<ConsumeQueue> QueuesOf(string topic) =>
        _byName.TryGetValue(topic, out var queues) ? queues.Queues.Values : [];

    /// <summary>Every queue (a moment's view; safe to enumerate while the writer works).</summary>
    public IEnumerable<ConsumeQueue> All => _byName.Values.SelectMany(t => t.Queues.Values);

    /// <summary>Every topic with at least one queue.</summary>
    public IEnumerable<string> Topics => _byName.Keys;

    /// <summary>
    /// The queue a message goes to, created (empty, starting at offset 0) if new. Writer only; allocation-free once
    /// the queue exists.
    /// </summary>
    public ConsumeQueue GetOrCreate(ReadOnlySpan<byte> topicUtf8, int queueId)
    {
        if (!_byUtf8Span.TryGetValue(topicUtf8, out var topic))
        {
            topic = AddTopic(topicUtf8.ToArray());
        }

        if (topic.Queues.TryGetValue(queueId, out var queue))
        {
            return queue;
        }

        queue = ConsumeQueue.CreateEmpty(topic.Name, topic.Utf8, queueId, QueueDirectory(topic.Name, queueId),
            _fileSizeBytes, 0);
        topic.Queues[queueId] = queue;
        return queue;
    }

    /// <summary>Adds a queue recovered from a checkpoint or installed from a snapshot. Writer only.</summary>
    public void Add(ConsumeQueue queue)
    {
        if (!_byUtf8Span.TryGetValue(queue.TopicUtf8, out var topic))
        {
            topic = AddTopic(queue.TopicUtf8);
        }

        topic.Queues[queue.QueueId] = queue;
    }

    /// <summary>Deletes a topic's queues and files. Writer only.</summary>
    public void RemoveTopic(string topic)
    {
        // Queues exist only under valid topic names, and a TopicDelete command may carry any name: one such as ".."
        // or "a/../../x" must never become a path, or the recursive delete below reaches outside this root.
        if (!Records.TopicName.IsValid(topic))
        {
            return;
        }

        if (!_byName.TryRemove(topic, out var queues))
        {
            TryDeleteDirectory(Path.Combine(_root, topic));
            return;
        }

        _byUtf8.Remove(queues.Utf8);
        foreach (var queue in queues.Queues.Values)
        {
            queue.Destroy();
        }

        TryDeleteDirectory(Path.Combine(_root, topic));
    }

    /// <summary>Removes every queue and file (snapshot install, rebuild). Writer only.</summary>
    public void Clear()
    {
        foreach (var topic in _byName.Keys.ToArray())
        {
            RemoveTopic(topic);
        }

        TryDeleteDirectory(_root);
    }

    /// <summary>Unmaps everything, keeping the files (shutdown).</summary>
    public void Close()
    {
        foreach (var queue in All)
        {
            queue.Close();
        }
    }

    /// <summary>Where a queue's files live (RocketMQ's layout).</summary>
    public string QueueDirectory(string topic, int queueId) =>
        Path.Combine(_root, topic, queueId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private TopicQueues AddTopic(byte[] utf8)
    {
        var topic = new TopicQueues(Encoding.UTF8.GetString(utf8), utf8);
        _byUtf8[utf8] = topic;
        _byName[topic.Name] = topic;
        return topic;
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still mapped by a reader goes with its last reference; the next start removes leftovers.
        }
    }

    private sealed record TopicQueues(string Name, byte[] Utf8)
    {
        public ConcurrentDictionary<int, ConsumeQueue> Queues { get; } = new();
    }
}
