using static System.FormattableString;

namespace RocketMQ.Jepsen.Checker;

/// <summary>An acknowledged value no read saw although its queue was read past it: the broker lost it.
/// <see cref="Offset"/> is what the send's ok answered (-1: none); <see cref="HighestReadOffset"/> the highest
/// offset any read of the queue reached, <see cref="DrainEndOffset"/> the drain's end offset if it finished the
/// queue; at least one of them proves the loss.</summary>
public sealed record LostWrite(int Queue, long Value, long Offset, int Process, double InvokeTimeMs,
    double AckTimeMs, long? HighestReadOffset, long? DrainEndOffset) : Anomaly(AnomalyKind.LostWrite)
{
    public override string Message => Invariant(
        $"value {Value} sent by process {Process} to queue {Queue} ({InvokeTimeMs:0.###}-{AckTimeMs:0.###} ms) ") +
        Invariant($"was acknowledged at offset {Offset} but never read, although ") + (DrainEndOffset is { } end
            ? Invariant($"the drain read queue {Queue} to its end offset {end}")
            : Invariant($"reads of queue {Queue} reached offset {HighestReadOffset}"));
}

/// <summary>Two different values seen at one queue offset.</summary>
public sealed record InconsistentOffset(int Queue, long Offset, Sighting First, Sighting Second)
    : Anomaly(AnomalyKind.InconsistentOffsets)
{
    public override string Message =>
        Invariant($"queue {Queue} offset {Offset} holds two values: {First} and {Second}");
}

/// <summary>One value seen at two different positions (queue, offset).</summary>
public sealed record DuplicateValue(long Value, Sighting First, Sighting Second) : Anomaly(AnomalyKind.Duplicate)
{
    public override string Message => Invariant($"value {Value} appears twice: {First} and {Second}");
}

/// <summary>A consumer read <see cref="Offset"/> right after <see cref="PreviousOffset"/> although it is not
/// higher, inside one poll (<see cref="AcrossPolls"/> false: both reads are in the poll that completed at
/// <see cref="TimeMs"/>) or at the start of a poll that did not seek back (true: the previous read ended the
/// process's previous poll of the queue).</summary>
public sealed record NonmonotonicPoll(int Queue, int Process, double TimeMs, long PreviousOffset,
    long PreviousValue, long Offset, long Value, bool AcrossPolls) : Anomaly(AnomalyKind.NonmonotonicPoll)
{
    public override string Message => Invariant(
        $"process {Process} read queue {Queue} offset {Offset} (value {Value}) right after offset ") +
        Invariant($"{PreviousOffset} (value {PreviousValue}) ") +
        (AcrossPolls ? "that ended its previous poll" : "in the same poll") +
        Invariant($"; poll completed at {TimeMs:0.###} ms");
}

/// <summary>A consumer expected <see cref="FromOffset"/> next but read <see cref="ReadOffset"/>, and
/// <see cref="SkippedCount"/> offsets in between are known (from another read or a send's ok) to hold a value,
/// the first of them <see cref="FirstSkipped"/>.</summary>
public sealed record PollSkip(int Queue, int Process, double TimeMs, long FromOffset, long ReadOffset,
    long ReadValue, Sighting FirstSkipped, long SkippedCount) : Anomaly(AnomalyKind.PollSkip)
{
    public override string Message => Invariant(
        $"process {Process} expected queue {Queue} offset {FromOffset} next but read offset {ReadOffset} ") +
        Invariant($"(value {ReadValue}; poll completed at {TimeMs:0.###} ms), skipping {SkippedCount} known ") +
        Invariant($"value(s), first {FirstSkipped}");
}

/// <summary>A producer's acknowledged send on a queue got an offset not above its previous acknowledged one.
/// </summary>
public sealed record NonmonotonicSend(int Queue, int Process, long PreviousValue, long PreviousOffset,
    double PreviousTimeMs, long Value, long Offset, double TimeMs) : Anomaly(AnomalyKind.NonmonotonicSend)
{
    public override string Message => Invariant(
        $"process {Process} sent value {Value} to queue {Queue}, acknowledged at offset {Offset} at ") +
        Invariant($"{TimeMs:0.###} ms, after value {PreviousValue} was acknowledged at offset {PreviousOffset} ") +
        Invariant($"at {PreviousTimeMs:0.###} ms");
}

/// <summary>A value read that no send invoke carried; <see cref="FirstRead"/> is where it was first read.</summary>
public sealed record UnexpectedValue(long Value, Sighting FirstRead) : Anomaly(AnomalyKind.Unexpected)
{
    public override string Message => Invariant($"value {Value} was never sent but read: {FirstRead}");
}

/// <summary>A send whose completion was <c>fail</c> (definitely not written) whose value was read.</summary>
public sealed record FailedButRead(int Queue, long Value, int Process, double InvokeTimeMs, double FailTimeMs,
    string? Error, Sighting FirstRead) : Anomaly(AnomalyKind.FailedButRead)
{
    public override string Message => Invariant(
        $"value {Value} sent by process {Process} to queue {Queue} failed at {FailTimeMs:0.###} ms ") +
        Invariant($"({Error ?? "no error given"}) but was read: {FirstRead}");
}
