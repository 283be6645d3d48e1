using System.Text;
using FsCheck;
using FsCheck.Fluent;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Config;

/// <summary>FsCheck generators for configuration values and command sequences.</summary>
/// <remarks>FsCheck draws a fresh seed per run and prints <c>Replay: (seed,gamma)</c> with the shrunk
/// counterexample when a property fails; paste it into <c>[Property(Replay = "(seed,gamma)")]</c> to rerun it.
/// </remarks>
public static class ConfigGenerators
{
    // Real RocketMQ names, plus text that stresses UTF-8: escapes, control characters, multi-byte and surrogate
    // pairs. '@' only where a generator allows it: consumerOffset.json keys are "topic@group".
    private static readonly string[] Fragments =
    [
        "TopicTest", "%RETRY%", "%DLQ%", "CID_", "_", "-", "|", "a", "Z", "0", "é", "中文", "😀", "\"", "\\", "/",
        "\n", "\u0001", "\u007f", " ", "ß", "\u00ff",
    ];

    /// <summary>Non-empty well-formed names, short (so collisions happen) up to a few hundred bytes.</summary>
    public static Gen<string> Name { get; } = NameFrom(Fragments.Append("@").ToArray());

    /// <summary>Names without '@' (the JSON files join topic and group with it).</summary>
    public static Gen<string> NameWithoutAt { get; } = NameFrom(Fragments);

    public static Gen<long> Timestamp { get; } = Gen.Frequency(
        (5, Gen.Choose(0, 10_000).Select(ms => 1_700_000_000_000L + ms)),
        (1, ArbMap.Default.GeneratorFor<long>().Select(value => value & long.MaxValue)));

    public static Gen<TopicConfig> Topic(Gen<string> names) =>
        from name in names
        from read in QueueNums
        from write in QueueNums
        from perm in Gen.Choose(0, 7)
        from filter in Gen.Elements(TopicFilterType.SingleTag, TopicFilterType.MultiTag)
        from sysFlag in Gen.OneOf(Gen.Choose(0, 3), ArbMap.Default.GeneratorFor<int>())
        from order in ArbMap.Default.GeneratorFor<bool>()
        select new TopicConfig(name)
        {
            ReadQueueNums = read,
            WriteQueueNums = write,
            Perm = perm,
            TopicFilterType = filter,
            TopicSysFlag = sysFlag,
            Order = order,
        };

    public static Gen<SubscriptionGroupConfig> Group(Gen<string> names) =>
        from name in names
        from flags in Gen.Choose(0, 15)
        from retryQueueNums in Gen.OneOf(Gen.Choose(0, 4), Gen.Choose(0, int.MaxValue))
        from retryMaxTimes in Gen.OneOf(Gen.Choose(-1, 32), Gen.Choose(-1, int.MaxValue))
        from brokerId in Gen.OneOf(Gen.Choose(0, 3).Select(id => (long)id), NonNegativeLong)
        from slowBrokerId in Gen.OneOf(Gen.Choose(0, 3).Select(id => (long)id), NonNegativeLong)
        select new SubscriptionGroupConfig(name)
        {
            ConsumeEnable = (flags & 1) != 0,
            ConsumeFromMinEnable = (flags & 2) != 0,
            ConsumeBroadcastEnable = (flags & 4) != 0,
            NotifyConsumerIdsChangedEnable = (flags & 8) != 0,
            RetryQueueNums = retryQueueNums,
            RetryMaxTimes = retryMaxTimes,
            BrokerId = brokerId,
            WhichBrokerWhenConsumeSlowly = slowBrokerId,
        };

    /// <summary>Offset entries over a few names, so runs of one (group, topic) and repeated queues occur.</summary>
    public static Gen<List<ConsumerOffsetEntry>> OffsetEntries(Gen<string> names) =>
        from groups in names.NonEmptyListOf()
        from topics in names.NonEmptyListOf()
        from entries in Gen.Zip(Gen.Elements(groups.Take(3).ToArray()), Gen.Elements(topics.Take(3).ToArray()))
            .SelectMany(pair => Gen.Zip(QueueId, NonNegativeLong)
                .NonEmptyListOf()
                .Select(queues =>
                    queues.Select(q => new ConsumerOffsetEntry(pair.Item1, pair.Item2, q.Item1, q.Item2))))
            .NonEmptyListOf()
        select entries.SelectMany(run => run).ToList();

    /// <summary>A valid configuration record (kind and payload) over <paramref name="names"/>.</summary>
    public static Gen<(RecordKind Kind, byte[] Payload)> Command(Gen<string> names) =>
        Gen.Frequency(
            (4, from config in Topic(names)
                from timestamp in Timestamp
                select Record(StoreRecordKinds.TopicConfigUpdate,
                    ConfigCommandCodec.EncodeTopicConfigUpdate(config, timestamp))),
            (1, from topic in names
                from timestamp in Timestamp
                select Record(StoreRecordKinds.TopicDelete, ConfigCommandCodec.EncodeTopicDelete(topic, timestamp))),
            (3, from config in Group(names)
                from timestamp in Timestamp
                select Record(StoreRecordKinds.SubscriptionGroupUpdate,
                    ConfigCommandCodec.EncodeSubscriptionGroupUpdate(config, timestamp))),
            (1, from grp in names
                from removeOffsets in ArbMap.Default.GeneratorFor<bool>()
                from timestamp in Timestamp
                select Record(StoreRecordKinds.SubscriptionGroupDelete,
                    ConfigCommandCodec.EncodeSubscriptionGroupDelete(grp, removeOffsets, timestamp))),
            (6, from entries in OffsetEntries(names)
                from timestamp in Timestamp
                select Record(StoreRecordKinds.ConsumerOffsetCommit,
                    ConfigCommandCodec.EncodeConsumerOffsetCommit(timestamp, entries))));

    /// <summary>Command sequences over a small name pool, so updates, deletes and commits hit the same keys.
    /// </summary>
    public static Gen<List<(RecordKind Kind, byte[] Payload)>> Commands(Gen<string> names) =>
        names.NonEmptyListOf()
            .Select(pool => pool.Take(4).ToArray())
            .SelectMany(pool => Command(Gen.Elements(pool)).ListOf().Select(list => list.ToList()));

    public static Gen<int> QueueId { get; } =
        Gen.Frequency((8, Gen.Choose(0, 16)), (1, Gen.Choose(0, int.MaxValue)));

    private static Gen<int> QueueNums { get; } =
        Gen.Frequency((8, Gen.Choose(0, 32)), (1, Gen.Choose(0, ConfigCommandCodec.MaxQueueNums)));

    private static Gen<long> NonNegativeLong { get; } =
        Gen.Frequency(
            (4, Gen.Choose(0, 1_000_000).Select(value => (long)value)),
            (1, ArbMap.Default.GeneratorFor<long>().Select(value => value & long.MaxValue)));

    private static (RecordKind Kind, byte[] Payload) Record(RecordKind kind, byte[] payload) => (kind, payload);

    private static Gen<string> NameFrom(string[] fragments) =>
        Gen.Elements(fragments)
            .NonEmptyListOf()
            .Select(parts => string.Concat(parts.Take(40)))
            .Where(name => Encoding.UTF8.GetByteCount(name) <= ConfigCommandCodec.MaxNameBytes);
}
