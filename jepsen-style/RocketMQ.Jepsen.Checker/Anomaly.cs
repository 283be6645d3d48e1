using System.Text.Json.Serialization;

namespace RocketMQ.Jepsen.Checker;

/// <summary>
/// One anomaly found in a history, with the exact values, offsets, queue, processes and times involved. The derived
/// record says which class; results.json writes it with a <c>kind</c> discriminator and its <see cref="Message"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(LostWrite), "lost-write")]
[JsonDerivedType(typeof(InconsistentOffset), "inconsistent-offsets")]
[JsonDerivedType(typeof(DuplicateValue), "duplicate")]
[JsonDerivedType(typeof(NonmonotonicPoll), "nonmonotonic-poll")]
[JsonDerivedType(typeof(PollSkip), "poll-skip")]
[JsonDerivedType(typeof(NonmonotonicSend), "nonmonotonic-send")]
[JsonDerivedType(typeof(UnexpectedValue), "unexpected")]
[JsonDerivedType(typeof(FailedButRead), "failed-but-read")]
public abstract record Anomaly
{
    protected Anomaly(AnomalyKind kind) => Kind = kind;

    /// <summary>The class; written as the <c>kind</c> discriminator, so not a property of its own in JSON.</summary>
    [JsonIgnore]
    public AnomalyKind Kind { get; }

    /// <summary>One sentence for people, with every number the record holds.</summary>
    public abstract string Message { get; }
}

/// <summary>Where a (queue, offset, value) fact came from.</summary>
public enum SightingSource
{
    /// <summary>A send's <c>ok</c> answered the offset.</summary>
    [JsonStringEnumMemberName("send")]
    Send,

    /// <summary>A poll's <c>ok</c> read the value at the offset.</summary>
    [JsonStringEnumMemberName("read")]
    Read,
}

/// <summary>One observation of a value at a queue offset: by whom and when (the completion's time).</summary>
public readonly record struct Sighting(int Queue, long Offset, long Value, SightingSource Source, int Process,
    double TimeMs)
{
    public override string ToString() =>
        FormattableString.Invariant($"{Value} at queue {Queue} offset {Offset} (") +
        (Source == SightingSource.Send ? "send ok" : "read") +
        FormattableString.Invariant($" by process {Process} at {TimeMs:0.###} ms)");
}
