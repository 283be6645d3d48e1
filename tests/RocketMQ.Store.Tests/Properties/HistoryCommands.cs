using FsCheck;
using FsCheck.Fluent;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;
using RocketMQ.Store.Tests.Config;
using static RocketMQ.Store.Tests.Properties.StoreGenerators;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>A step of a history the rebuild property replays.</summary>
internal abstract record HistoryCommand;

internal sealed record HistoryPut(SendSpec Send) : HistoryCommand;

/// <summary>A configuration command appended through the log on its own.</summary>
internal sealed record HistoryConfig(ConfigRecord Record) : HistoryCommand;

/// <summary>Sends and configuration commands committed together as one multi-record entry, in this order.</summary>
internal sealed record HistoryEntry(object[] Records) : HistoryCommand
{
    public override string ToString() => $"Entry[{string.Join("; ", Records)}]";
}

/// <summary>Moves the clock, backwards too (a new leader's clock may be behind): store times need not grow.</summary>
internal sealed record HistoryClock(int Seconds) : HistoryCommand;

internal sealed record HistoryCheckpoint : HistoryCommand;

internal sealed record HistoryRestart(bool Crash) : HistoryCommand;

/// <summary>A configuration record as <see cref="ConfigCommandCodec"/> encodes it.</summary>
internal sealed record ConfigRecord(RecordKind Kind, byte[] Payload)
{
    /// <summary>The topic a TopicDelete names (its queues go), else null.</summary>
    public string? DeletedTopic =>
        Kind == StoreRecordKinds.TopicDelete && ConfigCommandCodec.TryDecodeTopicDelete(Payload, out var delete)
            ? delete.Topic : null;

    public override string ToString() => DeletedTopic is { } topic ? $"TopicDelete({topic})"
        : Kind == StoreRecordKinds.TopicConfigUpdate ? "TopicConfigUpdate"
        : Kind == StoreRecordKinds.SubscriptionGroupUpdate ? "GroupUpdate"
        : Kind == StoreRecordKinds.SubscriptionGroupDelete ? "GroupDelete"
        : $"OffsetCommit({Payload.Length}b)";
}

/// <summary>A generated history: commands in order, over small ConsumeQueue and Index files.</summary>
internal sealed record RebuildScenario(HistoryCommand[] Commands)
{
    /// <summary>Config names: the message topics (so deletes drop queues that hold messages) and two more. Every
    /// one a valid topic name: a delete's name must never be a path, even if the store's guard regressed.</summary>
    private static readonly string[] ConfigNames = [.. Topics, "g1", "CID_g2"];

    public static Arbitrary<RebuildScenario> Arbitrary(int maxCommands, bool shrink)
    {
        var scenarios = from count in Gen.Choose(1, maxCommands)
                        from commands in Command.ArrayOf(count)
                        select new RebuildScenario(commands);
        return shrink
            ? Arb.From(scenarios, s => ShrinkList(s.Commands).Select(c => new RebuildScenario(c)))
            : Arb.From(scenarios, _ => []);
    }

    public override string ToString() =>
        string.Join(Environment.NewLine + "  ", Commands.Select((c, i) => $"{i}: {c}").Prepend("history:"));

    private static Gen<ConfigRecord> Config { get; } = Gen.Frequency(
        (4, ConfigGenerators.Command(Gen.Elements(ConfigNames)).Select(c => new ConfigRecord(c.Kind, c.Payload))),
        (1, from topic in Gen.Elements(Topics)
            from timestamp in ConfigGenerators.Timestamp
            select new ConfigRecord(StoreRecordKinds.TopicDelete,
                ConfigCommandCodec.EncodeTopicDelete(topic, timestamp))));

    private static Gen<HistoryCommand> Command { get; } = Gen.Frequency(
        (10, Send(large: false).Select(s => (HistoryCommand)new HistoryPut(s))),
        (3, Config.Select(c => (HistoryCommand)new HistoryConfig(c))),
        (4, from count in Gen.Choose(1, 5)
            from records in Gen.Frequency(
                (3, Send(large: false).Select(s => (object)s)), (1, Config.Select(c => (object)c))).ArrayOf(count)
            select (HistoryCommand)new HistoryEntry(records)),
        (4, Gen.Frequency((6, Gen.Choose(-3, 5)), (1, Gen.Choose(-7200, 7200)))
            .Select(s => (HistoryCommand)new HistoryClock(s))),
        (2, Gen.Constant<HistoryCommand>(new HistoryCheckpoint())),
        (2, Gen.Elements(true, false).Select(crash => (HistoryCommand)new HistoryRestart(crash))));
}
