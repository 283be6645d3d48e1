using RocketMQ.DLedger.Tests.Groups;

namespace RocketMQ.DLedger.Tests.Properties;

/// <summary>An append the log reported <c>Committed</c>, and the address it reported for the payload.</summary>
internal sealed record Acknowledgement(string Payload, long Index, long Term, int Ordinal)
{
    public override string ToString() => $"'{Payload}' at {Index}/{Ordinal} (term {Term})";
}

/// <summary>Every record one incarnation of a replica applied, in apply order.</summary>
/// <param name="Name">The member id, with <c>#k</c> for the k-th incarnation that was later crashed.</param>
/// <param name="Records">The applied records, oldest first.</param>
internal sealed record ReplicaHistory(string Name, IReadOnlyList<AppliedRecord> Records);

/// <summary>
/// The safety checker for replicated-log histories, pure so that the canary can feed it broken histories. Payloads
/// are unique per run, so a payload names one append.
/// </summary>
/// <remarks>
/// Invariants (Raft §5.3 log matching, §5.4 leader completeness, state machine safety, and this log's contract):
/// <list type="number">
/// <item>Within a history: a payload appears at most once; entries are applied in strictly increasing index order
/// with non-decreasing terms; the records of one entry have ordinals 0, 1, 2, … and one term; the first record
/// has ordinal 0 (histories start at the beginning of the log: no snapshots are taken in these runs).</item>
/// <item>All final replicas (every member after recovery, compared up to the same horizon) hold the identical
/// sequence of (index, term, ordinal, payload): nothing missing, nothing extra, nothing different.</item>
/// <item>Every crashed incarnation applied a prefix of that sequence (no replica ever applied anything that
/// another applied differently at the same index, even if it was crashed afterwards).</item>
/// <item>Every acknowledged payload appears exactly once in every final replica, at exactly the acknowledged
/// (index, ordinal, term); two acknowledgements never share an address.</item>
/// <item>A payload whose append was refused with a status that promises nothing was appended (NotLeader,
/// TooLarge, Unavailable) appears in no history. (OutcomeUnknown payloads may appear, at most once: item 1.)</item>
/// </list>
/// </remarks>
internal static class ReplicaHistoryChecker
{
    /// <summary>Violations reported in full; the rest are counted.</summary>
    public const int MaxReported = 20;

    /// <returns>One line per violation found (empty when the histories are consistent).</returns>
    /// <param name="acknowledged">Appends reported committed.</param>
    /// <param name="refused">Payloads of appends refused with a status that promises nothing was appended.</param>
    /// <param name="finals">Every member after recovery, all at the same applied index.</param>
    /// <param name="crashed">Incarnations stopped earlier.</param>
    public static IReadOnlyList<string> Check(IReadOnlyCollection<Acknowledgement> acknowledged,
        IReadOnlyCollection<string> refused, IReadOnlyList<ReplicaHistory> finals,
        IReadOnlyList<ReplicaHistory> crashed)
    {
        ArgumentNullException.ThrowIfNull(acknowledged);
        ArgumentNullException.ThrowIfNull(refused);
        ArgumentNullException.ThrowIfNull(finals);
        ArgumentNullException.ThrowIfNull(crashed);
        ArgumentOutOfRangeException.ThrowIfZero(finals.Count);
        var violations = new Violations();
        foreach (var history in finals.Concat(crashed))
        {
            CheckOrder(history, violations);
        }

        var reference = finals[0];
        foreach (var other in finals.Skip(1))
        {
            CompareWithReference(reference, other, mayBeShorter: false, violations);
        }

        foreach (var incarnation in crashed)
        {
            CompareWithReference(reference, incarnation, mayBeShorter: true, violations);
        }

        CheckAcknowledgements(acknowledged, finals, violations);
        CheckRefused(refused, finals.Concat(crashed), violations);
        return violations.ToList();
    }

    private static void CheckRefused(IReadOnlyCollection<string> refused, IEnumerable<ReplicaHistory> histories,
        Violations violations)
    {
        var payloads = refused.ToHashSet(StringComparer.Ordinal);
        foreach (var history in histories)
        {
            foreach (var record in history.Records.Where(r => payloads.Contains(r.Text)))
            {
                violations.Add($"{history.Name}: applied {Address(record)} whose append was refused");
            }
        }
    }

    private static void CheckOrder(ReplicaHistory history, Violations violations)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        AppliedRecord? previous = null;
        foreach (var record in history.Records)
        {
            if (!seen.Add(record.Text))
            {
                violations.Add($"{history.Name}: payload '{record.Text}' applied twice (again at {Address(record)})");
            }

            if (!Follows(previous, record))
            {
                var before = previous is null ? "the start of the log" : Address(previous);
                violations.Add($"{history.Name}: {Address(record)} applied after {before}");
            }

            previous = record;
        }
    }

    /// <summary>Whether <paramref name="record"/> may directly follow <paramref name="previous"/>.</summary>
    private static bool Follows(AppliedRecord? previous, AppliedRecord record)
    {
        if (previous is null)
        {
            return record.Ordinal == 0;
        }

        return record.Index == previous.Index
            ? record.Term == previous.Term && record.Ordinal == previous.Ordinal + 1
            : record.Index > previous.Index && record.Term >= previous.Term && record.Ordinal == 0;
    }

    private static void CompareWithReference(ReplicaHistory reference, ReplicaHistory other, bool mayBeShorter,
        Violations violations)
    {
        var expected = reference.Records;
        var actual = other.Records;
        var common = Math.Min(expected.Count, actual.Count);
        for (var i = 0; i < common; i++)
        {
            if (!SameRecord(expected[i], actual[i]))
            {
                // Only the first divergence: everything after it is usually shifted and says nothing new.
                violations.Add($"{other.Name} diverges from {reference.Name} at record #{i}: " +
                    $"{Address(actual[i])} where {reference.Name} has {Address(expected[i])}");
                return;
            }
        }

        if (actual.Count > expected.Count)
        {
            violations.Add($"{other.Name} applied {actual.Count - expected.Count} record(s) more than " +
                $"{reference.Name}, first {Address(actual[common])}");
        }
        else if (actual.Count < expected.Count && !mayBeShorter)
        {
            violations.Add($"{other.Name} lacks {expected.Count - actual.Count} record(s) that " +
                $"{reference.Name} applied, first {Address(expected[common])}");
        }
    }

    private static void CheckAcknowledgements(IReadOnlyCollection<Acknowledgement> acknowledged,
        IReadOnlyList<ReplicaHistory> finals, Violations violations)
    {
        var addresses = new Dictionary<(long, int), Acknowledgement>();
        foreach (var ack in acknowledged)
        {
            if (!addresses.TryAdd((ack.Index, ack.Ordinal), ack))
            {
                violations.Add($"two acknowledgements share an address: {addresses[(ack.Index, ack.Ordinal)]} " +
                    $"and {ack}");
            }
        }

        foreach (var replica in finals)
        {
            var byPayload = replica.Records.ToLookup(r => r.Text, StringComparer.Ordinal);
            foreach (var ack in acknowledged)
            {
                var found = byPayload[ack.Payload].ToList();
                if (found.Count != 1)
                {
                    violations.Add($"{replica.Name}: acknowledged {ack} applied {found.Count} time(s)");
                }
                else if (found[0].Index != ack.Index || found[0].Ordinal != ack.Ordinal || found[0].Term != ack.Term)
                {
                    violations.Add($"{replica.Name}: acknowledged {ack} but applied at {Address(found[0])}");
                }
            }
        }
    }

    private static bool SameRecord(AppliedRecord a, AppliedRecord b) =>
        a.Index == b.Index && a.Term == b.Term && a.Ordinal == b.Ordinal && a.Kind == b.Kind &&
        a.Payload.AsSpan().SequenceEqual(b.Payload);

    private static string Address(AppliedRecord record) =>
        $"'{record.Text}' at {record.Index}/{record.Ordinal} (term {record.Term})";

    /// <summary>A bounded list of violation lines.</summary>
    private sealed class Violations
    {
        private readonly List<string> _lines = [];
        private int _suppressed;

        public void Add(string line)
        {
            if (_lines.Count < MaxReported)
            {
                _lines.Add(line);
            }
            else
            {
                _suppressed++;
            }
        }

        public List<string> ToList() =>
            _suppressed == 0 ? [.. _lines] : [.. _lines, $"... and {_suppressed} more violation(s)"];
    }
}
