namespace RocketMQ.Jepsen.Checker;

/// <summary>
/// Tallies of a history, for the whole run or one queue. Send tallies count send invokes by the queue they were sent
/// to; <see cref="Read"/> and <see cref="Duplicated"/> count distinct values by the queue they were first seen in.
/// </summary>
/// <param name="Attempted">Send invokes.</param>
/// <param name="Acknowledged">Sends that completed <c>ok</c>.</param>
/// <param name="Failed">Sends that completed <c>fail</c>.</param>
/// <param name="Indeterminate">Sends that completed <c>info</c> or never completed.</param>
/// <param name="Read">Distinct values read.</param>
/// <param name="Lost">Acknowledged values provably lost (<see cref="AnomalyKind.LostWrite"/>).</param>
/// <param name="Unseen">Acknowledged values never read whose loss the history cannot prove (informational).
/// </param>
/// <param name="Recovered">Indeterminate sends whose value was read (they did happen).</param>
/// <param name="Duplicated">Distinct values seen at more than one position.</param>
/// <param name="Unexpected">Distinct values read that were never sent.</param>
/// <param name="FailedButRead">Failed sends whose value was read.</param>
public sealed record Counts(long Attempted, long Acknowledged, long Failed, long Indeterminate, long Read,
    long Lost, long Unseen, long Recovered, long Duplicated, long Unexpected, long FailedButRead);

/// <summary>The tallies of one queue.</summary>
public sealed record QueueCounts(int Queue, Counts Counts);

/// <summary>Mutable tallies while the checker runs; <see cref="ToCounts"/> freezes them.</summary>
internal sealed class CountsBuilder
{
    public long Attempted;
    public long Acknowledged;
    public long Failed;
    public long Indeterminate;
    public long Read;
    public long Lost;
    public long Unseen;
    public long Recovered;
    public long Duplicated;
    public long Unexpected;
    public long FailedButRead;

    public Counts ToCounts() => new(Attempted, Acknowledged, Failed, Indeterminate, Read, Lost, Unseen, Recovered,
        Duplicated, Unexpected, FailedButRead);
}
