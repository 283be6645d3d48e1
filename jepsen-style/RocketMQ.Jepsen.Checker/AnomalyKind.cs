using System.Text.Json.Serialization;

namespace RocketMQ.Jepsen.Checker;

/// <summary>
/// The anomaly classes of Jepsen's Kafka workload that a RocketMQ queue can show. Every one makes a history invalid;
/// "unseen" (acknowledged, not read, not provably lost) is only a count in <see cref="Counts.Unseen"/>.
/// </summary>
public enum AnomalyKind
{
    /// <summary>Acknowledged, never read, while a read passed its offset or the drain finished its queue.</summary>
    [JsonStringEnumMemberName("lost-write")]
    LostWrite,

    /// <summary>Two different values at one (queue, offset), from reads or a send's acknowledged offset.</summary>
    [JsonStringEnumMemberName("inconsistent-offsets")]
    InconsistentOffsets,

    /// <summary>One value at two different (queue, offset) positions.</summary>
    [JsonStringEnumMemberName("duplicate")]
    Duplicate,

    /// <summary>A consumer's offsets went back or stood still without it seeking back.</summary>
    [JsonStringEnumMemberName("nonmonotonic-poll")]
    NonmonotonicPoll,

    /// <summary>A consumer jumped over offsets that hold data.</summary>
    [JsonStringEnumMemberName("poll-skip")]
    PollSkip,

    /// <summary>A producer's later acknowledged send on a queue got an offset at or below an earlier one.</summary>
    [JsonStringEnumMemberName("nonmonotonic-send")]
    NonmonotonicSend,

    /// <summary>A value was read that no send ever carried.</summary>
    [JsonStringEnumMemberName("unexpected")]
    Unexpected,

    /// <summary>A send that failed (definitely not written) was read.</summary>
    [JsonStringEnumMemberName("failed-but-read")]
    FailedButRead,
}

/// <summary>The names of <see cref="AnomalyKind"/> as they appear in results.json, declared once.</summary>
public static class AnomalyKinds
{
    /// <summary>Every kind, in the order results list them.</summary>
    public static IReadOnlyList<AnomalyKind> All { get; } = Enum.GetValues<AnomalyKind>();

    /// <summary>The kebab-case name, e.g. <c>lost-write</c>.</summary>
    public static string Name(AnomalyKind kind) => kind switch
    {
        AnomalyKind.LostWrite => "lost-write",
        AnomalyKind.InconsistentOffsets => "inconsistent-offsets",
        AnomalyKind.Duplicate => "duplicate",
        AnomalyKind.NonmonotonicPoll => "nonmonotonic-poll",
        AnomalyKind.PollSkip => "poll-skip",
        AnomalyKind.NonmonotonicSend => "nonmonotonic-send",
        AnomalyKind.Unexpected => "unexpected",
        AnomalyKind.FailedButRead => "failed-but-read",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown anomaly kind"),
    };
}
