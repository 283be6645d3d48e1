using FsCheck;
using FsCheck.Fluent;
using RocketMQ.Jepsen.Checker;

namespace RocketMQ.Jepsen.Tests.Checker;

/// <summary>
/// The checker against <see cref="SimulatedRun"/>, a deliberately simple correct log: every history it records is
/// valid with the counts it tallied, and one injected bug is reported as exactly its anomaly class. Seeded; a
/// failure prints FsCheck's replay pair, which <see cref="CheckerPropertyRuns.ReplayVariable"/> reruns.
/// </summary>
public sealed class CheckerProperties
{
    private const int Runs = 200;

    private static readonly AnomalyKind?[] Faults = [.. AnomalyKinds.All.Select(kind => (AnomalyKind?)kind)];

    private static readonly Gen<SendOutcome> Outcomes = Gen.Frequency(
        (6, Gen.Constant(SendOutcome.Ok)),
        (1, Gen.Constant(SendOutcome.OkWithoutOffset)),
        (1, Gen.Constant(SendOutcome.Fail)),
        (1, Gen.Constant(SendOutcome.InfoWritten)),
        (1, Gen.Constant(SendOutcome.InfoNotWritten)));

    [Fact]
    public void A_correct_log_gives_a_valid_history_with_its_counts() =>
        CheckerPropertyRuns.Check(Arb.From(Plans(Gen.Constant<AnomalyKind?>(null))), plan =>
        {
            var (history, tally) = SimulatedRun.Run(plan);

            var result = HistoryChecker.Check(history);

            Assert.True(result.Valid, string.Join('\n', result.Anomalies.Select(anomaly => anomaly.Message)));
            var attempted = tally.Acknowledged + tally.Failed + tally.Indeterminate;
            Assert.Equal(new Counts(attempted, tally.Acknowledged, tally.Failed, tally.Indeterminate,
                Read: tally.Written, Lost: 0, Unseen: 0, tally.Recovered, Duplicated: 0, Unexpected: 0,
                FailedButRead: 0), result.Counts);
            Assert.Equal(result.Counts.Read, result.Queues.Sum(queue => queue.Counts.Read));
        }, Runs, seed: 0x5EED_C4EC);

    [Fact]
    public void One_injected_bug_is_reported_as_its_anomaly_and_nothing_else() =>
        CheckerPropertyRuns.Check(Arb.From(Plans(Gen.Elements(Faults))),
            plan =>
            {
                var (history, _) = SimulatedRun.Run(plan);

                var result = HistoryChecker.Check(history);

                var reported = AnomalyKinds.All.Where(kind => result.CountOf(kind) > 0);
                Assert.Equal([plan.Fault!.Value], reported);
                Assert.False(result.Valid);
                Assert.All(result.Anomalies, anomaly => Assert.Equal(plan.Fault, anomaly.Kind));
            }, Runs, seed: 0xFA17_0001);

    [Fact]
    public void A_history_written_as_jsonl_and_read_back_checks_the_same() =>
        CheckerPropertyRuns.Check(Arb.From(Plans(Gen.Elements([null, .. Faults]))),
            plan =>
            {
                var (history, _) = SimulatedRun.Run(plan);
                var text = new StringWriter();
                history.ForEach(operation => HistoryWriter.Write(text, operation));

                var reread = HistoryChecker.Check(HistoryReader.Read(new StringReader(text.ToString())));

                Assert.Equal(HistoryChecker.Check(history).ToJson(), reread.ToJson());
            }, runs: 50, seed: 0x0150_0001);

    private static Gen<RunPlan> Plans(Gen<AnomalyKind?> faults) =>
        from queues in Gen.Choose(1, 3)
        from steps in Step(queues).ListOf()
        from fault in faults
        from faultSeed in Gen.Choose(0, int.MaxValue - 1)
        select new RunPlan(queues, [.. Prefix, .. steps], fault, faultSeed);

    // Three acknowledged sends to queue 0 first, so every fault has a send and a poll with values to land on.
    private static readonly Step[] Prefix =
        [new SendStep(0, 0, SendOutcome.Ok), new SendStep(1, 0, SendOutcome.Ok), new SendStep(0, 0, SendOutcome.Ok)];

    private static Gen<Step> Step(int queues) => Gen.Frequency(
        (3, from producer in Gen.Choose(0, 2)
            from queue in Gen.Choose(0, queues - 1)
            from outcome in Outcomes
            select (Step)new SendStep(producer, queue, outcome)),
        (2, from consumer in Gen.Choose(0, 1)
            from queue in Gen.Choose(0, queues - 1)
            from maxReads in Gen.Choose(1, 5)
            from seek in Gen.Frequency((4, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 1000).Select(s => (int?)s)))
            select (Step)new PollStep(consumer, queue, maxReads, seek)));
}
