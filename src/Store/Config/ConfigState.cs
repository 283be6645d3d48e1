using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Checkpoint;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Config;

/// <summary>
/// The configuration part of the store's state machine: topics, subscription groups and consumer offsets, changed
/// only by applying configuration records in log order, so every replica holds the same state at the same index.
/// </summary>
/// <remarks>
/// <para>Threading: one writer — the applier thread calls <see cref="Apply"/> and <see cref="Restore"/>; a
/// second concurrent writer is a bug and gets <see cref="InvalidOperationException"/>. Any number of reader
/// threads use the queries, which read the immutable <see cref="Current"/> snapshot without locks; each query
/// sees the state after some whole command, never a half-applied one. Take <see cref="Current"/> once to read
/// several values at the same point.</para>
/// <para>Semantics follow RocketMQ 4.9.8's TopicConfigManager, SubscriptionGroupManager and
/// ConsumerOffsetManager, except that the timestamps come from the command (see <see cref="DataVersion"/>).
/// </para>
/// </remarks>
public sealed partial class ConfigState
{
    private readonly ILogger _logger;
    private volatile ConfigSnapshot _current;
    private int _writing;

    /// <summary>An empty state (a new broker group before its first configuration record).</summary>
    public ConfigState(ILogger? logger = null)
        : this(ConfigSnapshot.Empty, logger)
    {
    }

    /// <summary>A state that starts from <paramref name="snapshot"/> (a checkpoint or retention snapshot).</summary>
    public ConfigState(ConfigSnapshot snapshot, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _current = snapshot;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The state after the last applied command; immutable, safe to keep and read on any thread.</summary>
    public ConfigSnapshot Current => _current;

    /// <summary>Topic name → configuration, as of <see cref="Current"/>.</summary>
    public ImmutableDictionary<string, TopicConfig> Topics => _current.Topics;

    /// <summary>Version of <see cref="Topics"/>; for a pair that matches, read both from one
    /// <see cref="Current"/>.</summary>
    public DataVersion TopicsVersion => _current.TopicsVersion;

    /// <summary>Group name → configuration, as of <see cref="Current"/>.</summary>
    public ImmutableDictionary<string, SubscriptionGroupConfig> Groups => _current.Groups;

    public DataVersion GroupsVersion => _current.GroupsVersion;

    /// <summary>Every committed offset: a consistent snapshot (GET_ALL_CONSUMER_OFFSET, consumerOffset.json).
    /// </summary>
    public ConsumerOffsetTable Offsets => _current.Offsets;

    public DataVersion OffsetsVersion => _current.OffsetsVersion;

    /// <summary>True for the record kinds <see cref="Apply"/> handles.</summary>
    public static bool IsConfigKind(RecordKind kind) =>
        kind == StoreRecordKinds.TopicConfigUpdate || kind == StoreRecordKinds.TopicDelete
        || kind == StoreRecordKinds.SubscriptionGroupUpdate || kind == StoreRecordKinds.SubscriptionGroupDelete
        || kind == StoreRecordKinds.ConsumerOffsetCommit;

    public TopicConfig? FindTopic(string topic) => _current.FindTopic(topic);

    public SubscriptionGroupConfig? FindGroup(string group) => _current.FindGroup(group);

    /// <summary>The offset <paramref name="group"/> committed for the queue, or -1 when none.</summary>
    public long QueryOffset(string group, string topic, int queueId) =>
        _current.Offsets.Query(group, topic, queueId);

    /// <summary>Queue id → committed offset of <paramref name="group"/> on <paramref name="topic"/>; empty when
    /// none. An immutable snapshot.</summary>
    public IReadOnlyDictionary<int, long> OffsetsOf(string group, string topic) =>
        _current.Offsets.OffsetsOf(group, topic);

    /// <summary>The groups that have offsets on <paramref name="topic"/>, ordinally sorted.</summary>
    public IReadOnlyList<string> GroupsWithOffsets(string topic) => _current.Offsets.GroupsOf(topic);

    /// <summary>
    /// Applies one committed record. Configuration kinds change the state and are reported Applied, or Malformed
    /// (state unchanged) when the payload does not decode; other kinds are NotAConfigKind. Never throws for bad
    /// input. Applier thread only.
    /// </summary>
    public ConfigApplyResult Apply(RecordKind kind, ReadOnlySpan<byte> payload)
    {
        if (!IsConfigKind(kind))
        {
            return ConfigApplyResult.NotAConfigKind;
        }

        EnterWriter();
        try
        {
            var result = ApplyConfig(kind, payload);
            if (result.Status == ConfigApplyStatus.Malformed)
            {
                _logger.MalformedCommand(kind, payload.Length);
            }

            return result;
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    /// <summary>Replaces the whole state (installing a snapshot received from the leader). Applier thread only.
    /// </summary>
    public void Restore(ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        EnterWriter();
        _current = snapshot;
        Volatile.Write(ref _writing, 0);
    }

    /// <summary>Appends the binary form of <see cref="Current"/> (<see cref="ConfigSnapshot.WriteTo"/>); equal
    /// states give identical bytes. Any thread.</summary>
    public void WriteTo(StateWriter writer) => _current.WriteTo(writer);

    /// <summary>A state starting from what <see cref="WriteTo"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The bytes are damaged.</exception>
    public static ConfigState ReadFrom(ref StateReader reader, ILogger? logger = null) =>
        new(ConfigSnapshot.ReadFrom(ref reader), logger);

    // Cheap guard of the single-writer contract: two appliers would silently lose commands.
    private void EnterWriter()
    {
        if (Interlocked.Exchange(ref _writing, 1) != 0)
        {
            throw new InvalidOperationException("ConfigState has one writer; it was called from two threads at once");
        }
    }

    /// <summary>Same content and versions as <paramref name="other"/>.</summary>
    public bool ContentEquals(ConfigState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _current.ContentEquals(other._current);
    }
}
