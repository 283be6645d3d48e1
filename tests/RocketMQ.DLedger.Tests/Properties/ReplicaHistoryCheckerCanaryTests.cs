using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.DLedger.Tests.Groups;

namespace RocketMQ.DLedger.Tests.Properties;

/// <summary>
/// Canaries for <see cref="ReplicaHistoryChecker"/>: histories with a planted bug (divergence, a lost or duplicated
/// acknowledged record, a wrong address, a crashed incarnation that applied something else, a refused append that
/// was applied anyway) must be reported, and
/// consistent histories must not be. A checker that passes everything would make the random schedules worthless.
/// </summary>
/// <remarks>The FsCheck property prints <c>Replay: (seed,gamma)</c> when it fails; put it into
/// <c>[Property(Replay = "...")]</c> to rerun that case.</remarks>
public class ReplicaHistoryCheckerCanaryTests
{
    private enum Bug
    {
        None,
        DifferentPayload,
        LostRecord,
        DuplicatedRecord,
        ExtraRecord,
        WrongTerm,
        WrongAcknowledgedOrdinal,
        CrashedIncarnationDiverged,
        RefusedRecordApplied,
    }

    [Fact]
    public void Consistent_histories_pass()
    {
        var log = Log([2, 1, 3]);

        var violations = ReplicaHistoryChecker.Check(Acks(log), [], Replicas(log, 3),
            [new("n1#0", log.GetRange(0, 3))]);

        Assert.Empty(violations);
    }

    [Fact]
    public void A_replica_that_applied_a_different_payload_at_the_same_index_is_caught()
    {
        var log = Log([2, 2]);
        var other = log.ToList();
        other[2] = Record(other[2].Index, other[2].Term, other[2].Ordinal, "impostor");

        var violations = ReplicaHistoryChecker.Check([], [], [new("n0", log), new("n1", other)], []);

        Assert.Contains(violations, v => v.Contains("n1 diverges from n0 at record #2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_replica_that_lost_an_acknowledged_record_is_caught()
    {
        var log = Log([1, 2, 1]);
        var lossy = log.Where(r => r.Text != "e1-r1").ToList();

        var violations = ReplicaHistoryChecker.Check(Acks(log), [],
            [new("n0", log), new("n1", lossy), new("n2", log)], []);

        Assert.Contains(violations, v => v.Contains("n1: acknowledged 'e1-r1'", StringComparison.Ordinal) &&
            v.Contains("applied 0 time(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_replica_that_applied_an_entry_twice_is_caught()
    {
        var log = Log([2, 1]);
        var twice = log.Concat(log.GetRange(0, 2)).ToList();

        var violations = ReplicaHistoryChecker.Check(Acks(log), [], [new("n0", log), new("n1", twice)], []);

        Assert.Contains(violations, v => v.Contains("n1: payload 'e0-r0' applied twice", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("applied after", StringComparison.Ordinal));
    }

    [Fact]
    public void An_acknowledgement_that_addresses_another_record_is_caught()
    {
        var log = Log([3]);
        Acknowledgement[] acks = [new("e0-r2", 1, 1, 1)];

        var violations = ReplicaHistoryChecker.Check(acks, [], [new("n0", log), new("n1", log)], []);

        Assert.Contains(violations, v => v.Contains("but applied at 'e0-r2' at 1/2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_crashed_incarnation_that_applied_something_else_is_caught()
    {
        var log = Log([1, 1, 1]);
        var crashed = new List<AppliedRecord> { log[0], Record(2, 1, 0, "lost-leader-tail") };

        var violations = ReplicaHistoryChecker.Check([], [], Replicas(log, 3), [new("n2#0", crashed)]);

        Assert.Contains(violations, v => v.StartsWith("n2#0 diverges from n0 at record #1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_record_whose_append_was_refused_but_got_applied_is_caught()
    {
        var log = Log([2]);

        var violations = ReplicaHistoryChecker.Check([], ["e0-r1"], Replicas(log, 2), []);

        Assert.Contains(violations, v => v.StartsWith("n0: applied 'e0-r1' at 1/1 (term 1) whose append was refused",
            StringComparison.Ordinal));
    }

    /// <summary>Any single planted bug in otherwise consistent histories (2–5 replicas, a crashed prefix) is
    /// reported; the same histories without it pass.</summary>
    [Property(MaxTest = 300)]
    public Property Every_planted_bug_is_reported_and_clean_histories_pass() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var log = Log(c.EntrySizes, c.TermBumps);
            var finals = Replicas(log, c.Replicas).ToList();
            var acks = Acks(log).ToList();
            var refused = new List<string> { "refused-never-applied" };
            var crashed = new List<ReplicaHistory> { new("n0#0", log.GetRange(0, c.Position % (log.Count + 1))) };
            Plant(c, log, finals, acks, crashed, refused);
            var violations = ReplicaHistoryChecker.Check(acks, refused, finals, crashed);
            return (c.Bug == Bug.None) == (violations.Count == 0);
        });

    private static Gen<BugCase> Cases =>
        from entries in Gen.Choose(1, 12)
        from sizes in Gen.Choose(1, 4).ArrayOf(entries)
        from bumps in Gen.Elements(0, 0, 1, 2).ArrayOf(entries)
        from replicas in Gen.Choose(2, 5)
        from bug in Gen.Elements(Enum.GetValues<Bug>())
        from victim in Gen.Choose(0, replicas - 1)
        from position in Gen.Choose(0, 1_000)
        select new BugCase(sizes, bumps, replicas, bug, victim, position);

    private sealed record BugCase(int[] EntrySizes, int[] TermBumps, int Replicas, Bug Bug, int Victim, int Position);

    private static void Plant(BugCase c, List<AppliedRecord> log, List<ReplicaHistory> finals,
        List<Acknowledgement> acks, List<ReplicaHistory> crashed, List<string> refused)
    {
        var records = finals[c.Victim].Records.ToList();
        var at = c.Position % records.Count;
        var target = records[at];
        switch (c.Bug)
        {
            case Bug.DifferentPayload:
                records[at] = Record(target.Index, target.Term, target.Ordinal, "impostor");
                break;
            case Bug.LostRecord:
                records.RemoveAt(at);
                break;
            case Bug.DuplicatedRecord:
                records.Insert(at, target);
                break;
            case Bug.ExtraRecord:
                records.Add(Record(log[^1].Index + 1, log[^1].Term, 0, "extra"));
                break;
            case Bug.WrongTerm:
                records[at] = target with { Term = target.Term + 1 };
                break;
            case Bug.WrongAcknowledgedOrdinal:
                acks[at] = acks[at] with { Ordinal = acks[at].Ordinal + 1 };
                break;
            case Bug.RefusedRecordApplied:
                acks.RemoveAll(a => a.Payload == target.Text);
                refused.Add(target.Text);
                break;
            case Bug.CrashedIncarnationDiverged:
                crashed.Add(new ReplicaHistory("n1#0", [.. log.GetRange(0, at), Record(target.Index, target.Term,
                    target.Ordinal, "lost-tail")]));
                break;
        }

        finals[c.Victim] = finals[c.Victim] with { Records = records };
    }

    /// <summary>A consistent log: entry i (index i + 1) holds <c>sizes[i]</c> records "e{i}-r{k}".</summary>
    private static List<AppliedRecord> Log(int[] sizes, int[]? termBumps = null)
    {
        var records = new List<AppliedRecord>();
        var term = 1L;
        for (var i = 0; i < sizes.Length; i++)
        {
            term += termBumps?[i] ?? 0;
            for (var k = 0; k < sizes[i]; k++)
            {
                records.Add(Record(i + 1, term, k, $"e{i}-r{k}"));
            }
        }

        return records;
    }

    private static AppliedRecord Record(long index, long term, int ordinal, string text) =>
        new(index, term, ordinal, TestGroup.Kind.Value, Encoding.UTF8.GetBytes(text));

    private static Acknowledgement[] Acks(List<AppliedRecord> log) =>
        [.. log.Select(r => new Acknowledgement(r.Text, r.Index, r.Term, r.Ordinal))];

    private static ReplicaHistory[] Replicas(List<AppliedRecord> log, int count) =>
        Enumerable.Range(0, count).Select(i => new ReplicaHistory($"n{i}", log.ToList())).ToArray();
}
