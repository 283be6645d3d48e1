using FsCheck;
using FsCheck.Fluent;
using static RocketMQ.Store.Tests.Properties.StoreGenerators;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>A command of the model-based property; values that depend on the state are resolved when it runs.</summary>
internal abstract record ModelCommand;

/// <summary>One send, its own log entry.</summary>
internal sealed record PutCommand(SendSpec Send) : ModelCommand;

/// <summary>Several sends started together and committed as one multi-record entry (group commit).</summary>
internal sealed record GroupPutCommand(SendSpec[] Sends) : ModelCommand
{
    public override string ToString() => $"GroupPut[{string.Join("; ", Sends.AsEnumerable())}]";
}

internal enum InvalidSend
{
    BadTopic,
    MixedQueues,
    Empty,
    NegativeQueue,
}

/// <summary>A send the store must refuse with MessageIllegal, storing nothing.</summary>
internal sealed record InvalidPutCommand(InvalidSend Kind, SendSpec Send) : ModelCommand;

internal enum OffsetKind
{
    InRange,
    Min,
    Max,
    AboveMax,
    BelowMin,
}

/// <summary>A consumer read; <see cref="Topic"/> null = a queue that holds messages, chosen by <see cref="Pick"/>;
/// <see cref="FilterTags"/> null = subscribe to <c>*</c>; <see cref="Correct"/> false = a follower that must not
/// move the consumer's offset (RocketMQ's offsetCheckInSlave=false).</summary>
internal sealed record GetCommand(string? Topic, int QueueId, OffsetKind Kind, int Pick, int MaxMessages,
    string[]? FilterTags, int MaxBytes, bool Correct) : ModelCommand
{
    public override string ToString() =>
        $"Get({Topic ?? "existing"}/{QueueId}, {Kind}#{Pick}, max {MaxMessages}, "
        + $"tags {(FilterTags is null ? "*" : string.Join("||", FilterTags))}, bytes {MaxBytes}"
        + (Correct ? ")" : ", no correction)");
}

internal enum WindowKind
{
    All,
    Around,
    Reversed,
}

/// <summary>A key query; <see cref="WindowKind.Around"/> centres the window on a picked message's store time.</summary>
internal sealed record QueryCommand(string Topic, string Key, int MaxCount, WindowKind Window, int Pick, int BeforeMs,
    int AfterMs) : ModelCommand;

internal enum LookupKind
{
    Message,
    InsideMessage,
    BeyondLog,
    Zero,
}

internal sealed record LookupCommand(LookupKind Kind, int Pick) : ModelCommand;

/// <summary>GetOffsetInQueueByTime at a picked message's store time plus <see cref="DeltaMs"/>; <see cref="Topic"/>
/// null = a queue that holds messages.</summary>
internal sealed record ByTimeCommand(string? Topic, int QueueId, int Pick, int DeltaMs) : ModelCommand;

/// <summary>Moves the clock forward (whole seconds, so store times differ and stay second-aligned).</summary>
internal sealed record AdvanceCommand(int Seconds) : ModelCommand;

internal sealed record RestartCommand(bool Crash) : ModelCommand;

internal sealed record CheckpointCommand : ModelCommand;

/// <summary>A lagging replica installs the retention snapshot, applies the rest of the log, and must answer as the
/// leader does.</summary>
internal sealed record FollowerCommand : ModelCommand;

internal enum RetentionMode
{
    /// <summary>Nothing due: the boundary must stay (and a full disk is cleared).</summary>
    Idle,

    /// <summary>The clock moves to the next deleteWhen hour: expired data goes.</summary>
    DeleteHour,

    /// <summary>Disk above diskMaxUsedSpaceRatio: expired data goes at once.</summary>
    SpaceTight,

    /// <summary>Disk above diskSpaceCleanForciblyRatio: the oldest point goes even unexpired.</summary>
    Forced,

    /// <summary>Disk above diskSpaceWarningLevelRatio: forced deletion, and puts are refused until it clears.</summary>
    DiskFull,
}

/// <summary>Sets the disk usage (and maybe the clock), runs retention, then compacts the log to the snapshot.</summary>
internal sealed record RetentionCommand(RetentionMode Mode, int Minutes) : ModelCommand;

/// <summary>A generated case: the index geometry and the commands.</summary>
/// <param name="SmallIndex">Index files of 15 items (many files, queries over the whole time range) instead of one
/// large file (exact time windows). Java sets a new file's begin time from the previous file's end before its first
/// item is timed, so that item's stored time is off by the gap; the small-index cases keep to windows it cannot
/// affect.</param>
/// <param name="Commands">What runs, in order.</param>
internal sealed record ModelScenario(bool SmallIndex, ModelCommand[] Commands)
{
    public static Arbitrary<ModelScenario> Arbitrary(int maxCommands, bool shrink)
    {
        var scenarios = from small in Gen.Elements(false, false, true)
                        from count in Gen.Choose(1, maxCommands)
                        from commands in Command(small).ArrayOf(count)
                        select new ModelScenario(small, commands);
        return shrink
            ? Arb.From(scenarios, s => ShrinkList(s.Commands).Select(c => s with { Commands = c }))
            : Arb.From(scenarios, _ => []);
    }

    public override string ToString() =>
        $"{(SmallIndex ? "small" : "large")} index:{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", Commands.Select((c, i) => $"{i}: {c}"));

    private static Gen<ModelCommand> Command(bool smallIndex) => Gen.Frequency(
        (8, Send(large: true).Select(s => (ModelCommand)new PutCommand(s))),
        (3, from count in Gen.Choose(1, 4)
            from sends in Send(large: false).ArrayOf(count)
            select (ModelCommand)new GroupPutCommand(sends)),
        (1, from kind in Gen.Elements(Enum.GetValues<InvalidSend>())
            from send in Send(large: false)
            select (ModelCommand)new InvalidPutCommand(kind, send)),
        (8, Get),
        (4, Query(smallIndex)),
        (3, from kind in Gen.Elements(Enum.GetValues<LookupKind>())
            from pick in Pick
            select (ModelCommand)new LookupCommand(kind, pick)),
        (3, from topic in TopicOrExisting
            from queueId in Gen.Choose(0, QueueCount)
            from pick in Pick
            from delta in Gen.Elements(-1500, -1000, -1, 0, 1, 999, 1000, 2500)
            select (ModelCommand)new ByTimeCommand(topic, queueId, pick, delta)),
        (5, Gen.Choose(1, 4).Select(s => (ModelCommand)new AdvanceCommand(s))),
        (2, Gen.Elements(true, false).Select(crash => (ModelCommand)new RestartCommand(crash))),
        (3, Gen.Constant<ModelCommand>(new CheckpointCommand())),
        (1, Gen.Constant<ModelCommand>(new FollowerCommand())),
        (2, from mode in Gen.Elements(Enum.GetValues<RetentionMode>())
            from minutes in Gen.Choose(0, 150)
            select (ModelCommand)new RetentionCommand(mode, minutes)));

    // Before Get: static initializers run in text order.
    private static Gen<string?> TopicOrExisting { get; } =
        Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Gen.Elements(Topics).Select(t => (string?)t)));

    private static Gen<ModelCommand> Get { get; } =
        from topic in Gen.Frequency((6, TopicOrExisting), (1, Gen.Constant<string?>("Nope")))
        from queueId in Gen.Choose(0, QueueCount)
        from kind in Gen.Elements(OffsetKind.InRange, OffsetKind.InRange, OffsetKind.InRange, OffsetKind.Min,
            OffsetKind.Max, OffsetKind.AboveMax, OffsetKind.BelowMin)
        from pick in Pick
        from maxMessages in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 5)), (2, Gen.Choose(6, 40)))
        from filter in Gen.Frequency(
            (3, Gen.Constant<string[]?>(null)),
            (2, Gen.Elements(Tags).ArrayOf(2).Select(tags => (string[]?)tags)))
        from maxBytes in Gen.Frequency((4, Gen.Constant(int.MaxValue)), (1, Gen.Choose(1, 2000)))
        from correct in Gen.Elements(true, true, true, false)
        select (ModelCommand)new GetCommand(topic, queueId, kind, pick, maxMessages, filter, maxBytes, correct);

    private static Gen<ModelCommand> Query(bool smallIndex) =>
        from topic in Gen.Elements(Topics)
        from key in Gen.Elements([.. Keys, .. UniqueKeys, "none"])
        from maxCount in Gen.Elements(0, 1, 2, 3, 100)
        from window in smallIndex ? Gen.Constant(WindowKind.All) : Gen.Elements(Enum.GetValues<WindowKind>())
        from pick in Pick
        from before in Gen.Choose(0, 6000)
        from after in Gen.Choose(0, 6000)
        select (ModelCommand)new QueryCommand(topic, key, maxCount, window, pick, before, after);
}
