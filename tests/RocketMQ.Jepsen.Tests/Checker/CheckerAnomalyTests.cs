using RocketMQ.Jepsen.Checker;

namespace RocketMQ.Jepsen.Tests.Checker;

/// <summary>One hand-made history per anomaly class, each showing exactly that anomaly, plus the valid shapes that
/// must not be mistaken for one (seeks, gaps over empty offsets, unseen and recovered values).</summary>
public sealed class CheckerAnomalyTests
{
    private const int Producer = 0;
    private const int Consumer = 1000;
    private const int OtherConsumer = 1001;
    private const int Drainer = 2000;

    [Fact]
    public void A_correct_log_read_by_a_consumer_and_drained_is_valid_and_counted()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).Send(Producer, 0, 2, 1).Send(Producer, 0, 3, 2)
            .SendFailed(Producer, 0, 4).SendUnknown(Producer, 1, 5)
            .Poll(Consumer, 0, 0, (0, 1), (1, 2)).Poll(Consumer, 0, 2, (2, 3))
            .Poll(Drainer, 0, 0, (0, 1), (1, 2), (2, 3)).Drained(Drainer, 0, 3).Drained(Drainer, 1, 0)
            .Check();

        Assert.True(result.Valid);
        Assert.Empty(result.Anomalies);
        Assert.All(result.AnomalyCounts.Values, count => Assert.Equal(0, count));
        Assert.Equal(new Counts(Attempted: 5, Acknowledged: 3, Failed: 1, Indeterminate: 1, Read: 3, Lost: 0,
            Unseen: 0, Recovered: 0, Duplicated: 0, Unexpected: 0, FailedButRead: 0), result.Counts);
        Assert.Equal([0, 1], result.Queues.Select(queue => queue.Queue));
        Assert.Equal(1, result.Queues[1].Counts.Indeterminate);
    }

    [Fact]
    public void An_acknowledged_value_never_read_while_a_read_passed_its_offset_is_lost()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).Send(Producer, 0, 2, 1).Send(Producer, 0, 3, 2)
            .Poll(Consumer, 0, 0, (0, 1)).Poll(OtherConsumer, 0, 2, (2, 3))
            .Check();

        var lost = Assert.IsType<LostWrite>(Assert.Single(result.Anomalies));
        Assert.Equal(new LostWrite(Queue: 0, Value: 2, Offset: 1, Process: Producer, InvokeTimeMs: 3,
            AckTimeMs: 4, HighestReadOffset: 2, DrainEndOffset: null), lost);
        Assert.Contains("value 2", lost.Message, StringComparison.Ordinal);
        Assert.False(result.Valid);
        Assert.Equal(1, result.Counts.Lost);
        Assert.Equal(1, result.CountOf(AnomalyKind.LostWrite));
    }

    [Fact]
    public void An_acknowledged_value_without_offset_missing_from_a_finished_drain_is_lost()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).Send(Producer, 0, 2, -1)
            .Poll(Drainer, 0, 0, (0, 1)).Drained(Drainer, 0, 1)
            .Check();

        var lost = Assert.IsType<LostWrite>(Assert.Single(result.Anomalies));
        Assert.Equal((2L, -1L, (long?)1), (lost.Value, lost.Offset, lost.DrainEndOffset));
        Assert.False(result.Valid);
    }

    [Fact]
    public void An_acknowledged_value_never_read_in_an_undrained_queue_is_only_unseen()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).Send(Producer, 0, 2, 1).Send(Producer, 0, 3, -1)
            .Poll(Consumer, 0, 0, (0, 1))
            .Check();

        Assert.True(result.Valid);
        Assert.Equal((0L, 2L), (result.Counts.Lost, result.Counts.Unseen));
    }

    [Fact]
    public void Indeterminate_sends_that_were_read_are_recovered_not_anomalies()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).SendUnknown(Producer, 0, 2).SendInvokedOnly(1, 0, 3)
            .Poll(Drainer, 0, 0, (0, 1), (1, 2), (2, 3)).Drained(Drainer, 0, 3)
            .Check();

        Assert.True(result.Valid);
        Assert.Equal((2L, 2L, 3L), (result.Counts.Indeterminate, result.Counts.Recovered, result.Counts.Read));
    }

    [Fact]
    public void A_failed_send_that_was_read_is_failed_but_read()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).SendFailed(Producer, 0, 2)
            .Poll(Consumer, 0, 0, (0, 1), (1, 2))
            .Check();

        var failed = Assert.IsType<FailedButRead>(Assert.Single(result.Anomalies));
        Assert.Equal((2L, 0, "CODE 1: refused", 4.0), (failed.Value, failed.Queue, failed.Error, failed.FailTimeMs));
        Assert.Equal(new Sighting(0, 1, 2, SightingSource.Read, Consumer, 6), failed.FirstRead);
        Assert.Equal(1, result.Counts.FailedButRead);
    }

    [Fact]
    public void Two_reads_with_different_values_at_one_offset_are_inconsistent_and_reported_once()
    {
        var result = new HistoryBuilder()
            .SendUnknown(Producer, 0, 1).SendUnknown(Producer, 0, 2)
            .Poll(Consumer, 0, 0, (0, 1)).Poll(OtherConsumer, 0, 0, (0, 2)).Poll(OtherConsumer, 0, 0, (0, 2))
            .Check();

        var conflict = Assert.IsType<InconsistentOffset>(Assert.Single(result.Anomalies));
        Assert.Equal(new Sighting(0, 0, 1, SightingSource.Read, Consumer, 6), conflict.First);
        Assert.Equal(new Sighting(0, 0, 2, SightingSource.Read, OtherConsumer, 8), conflict.Second);
    }

    [Fact]
    public void A_read_disagreeing_with_the_acknowledged_offset_is_inconsistent()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).Send(Producer, 0, 2, -1)
            .Poll(Consumer, 0, 0, (0, 2))
            .Check();

        var conflict = Assert.IsType<InconsistentOffset>(Assert.Single(result.Anomalies));
        Assert.Equal((SightingSource.Send, 1L), (conflict.First.Source, conflict.First.Value));
        Assert.Equal((SightingSource.Read, 2L), (conflict.Second.Source, conflict.Second.Value));
    }

    [Fact]
    public void One_value_read_at_two_offsets_is_a_duplicate()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, -1)
            .Poll(Consumer, 0, 0, (0, 1), (1, 1))
            .Check();

        var duplicate = Assert.IsType<DuplicateValue>(Assert.Single(result.Anomalies));
        Assert.Equal((1L, 0L, 1L), (duplicate.Value, duplicate.First.Offset, duplicate.Second.Offset));
        Assert.Equal(1, result.Counts.Duplicated);
    }

    [Fact]
    public void A_value_read_away_from_its_acknowledged_offset_is_a_duplicate()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0)
            .Poll(Consumer, 0, 3, (3, 1))
            .Check();

        var duplicate = Assert.IsType<DuplicateValue>(Assert.Single(result.Anomalies));
        Assert.Equal(SightingSource.Send, duplicate.First.Source);
        Assert.Equal(new Sighting(0, 3, 1, SightingSource.Read, Consumer, 4), duplicate.Second);
    }

    [Fact]
    public void An_offset_repeated_inside_one_poll_is_nonmonotonic()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).Send(Producer, 0, 2, 1)
            .Poll(Consumer, 0, 0, (0, 1), (1, 2), (1, 2))
            .Check();

        var poll = Assert.IsType<NonmonotonicPoll>(Assert.Single(result.Anomalies));
        Assert.Equal(new NonmonotonicPoll(Queue: 0, Process: Consumer, TimeMs: 6, PreviousOffset: 1,
            PreviousValue: 2, Offset: 1, Value: 2, AcrossPolls: false), poll);
    }

    [Fact]
    public void A_continuing_poll_that_starts_below_the_last_read_is_nonmonotonic()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).Send(Producer, 0, 2, 1).Send(Producer, 0, 3, 2)
            .Poll(Consumer, 0, 0, (0, 1), (1, 2)).Poll(Consumer, 0, 2, (1, 2), (2, 3))
            .Check();

        var poll = Assert.IsType<NonmonotonicPoll>(Assert.Single(result.Anomalies));
        Assert.True(poll.AcrossPolls);
        Assert.Equal((1L, 1L, 10.0), (poll.PreviousOffset, poll.Offset, poll.TimeMs));
    }

    [Fact]
    public void A_poll_that_seeks_back_may_reread()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).Send(Producer, 0, 2, 1)
            .Poll(Consumer, 0, 0, (0, 1), (1, 2)).PollFailed(Consumer, 0, 2).Poll(Consumer, 0, 0, (0, 1), (1, 2))
            .Check();

        Assert.True(result.Valid);
    }

    [Fact]
    public void Jumping_over_an_acknowledged_offset_between_polls_is_a_skip()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).Send(Producer, 0, 2, 1).Send(Producer, 0, 3, 2)
            .Poll(Consumer, 0, 0, (0, 1)).Poll(Consumer, 0, 1, (2, 3))
            .Poll(Drainer, 0, 0, (0, 1), (1, 2), (2, 3)).Drained(Drainer, 0, 3)
            .Check();

        var skip = Assert.IsType<PollSkip>(Assert.Single(result.Anomalies));
        Assert.Equal(new PollSkip(Queue: 0, Process: Consumer, TimeMs: 10, FromOffset: 1, ReadOffset: 2,
            ReadValue: 3, new Sighting(0, 1, 2, SightingSource.Send, Producer, 4), SkippedCount: 1), skip);
    }

    [Fact]
    public void Jumping_inside_a_poll_over_an_offset_another_consumer_read_is_a_skip()
    {
        var result = new HistoryBuilder()
            .SendUnknown(Producer, 0, 1).SendUnknown(Producer, 0, 2).SendUnknown(Producer, 0, 3)
            .Poll(Consumer, 0, 0, (0, 1), (2, 3)).Poll(OtherConsumer, 0, 1, (1, 2))
            .Check();

        var skip = Assert.IsType<PollSkip>(Assert.Single(result.Anomalies));
        Assert.Equal((1L, 2L, 1L), (skip.FromOffset, skip.ReadOffset, skip.FirstSkipped.Offset));
        Assert.Equal(SightingSource.Read, skip.FirstSkipped.Source);
    }

    [Fact]
    public void Jumping_over_offsets_that_hold_no_known_value_is_not_a_skip()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0).Send(Producer, 0, 3, 2)
            .Poll(Consumer, 0, 0, (0, 1), (2, 3))
            .Check();

        Assert.True(result.Valid);
    }

    [Fact]
    public void A_later_send_of_one_producer_acknowledged_at_a_lower_offset_is_nonmonotonic()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 1).Send(Producer, 0, 2, 0)
            .Poll(Drainer, 0, 0, (0, 2), (1, 1)).Drained(Drainer, 0, 2)
            .Check();

        var send = Assert.IsType<NonmonotonicSend>(Assert.Single(result.Anomalies));
        Assert.Equal(new NonmonotonicSend(Queue: 0, Process: Producer, PreviousValue: 1, PreviousOffset: 1,
            PreviousTimeMs: 2, Value: 2, Offset: 0, TimeMs: 4), send);
    }

    [Fact]
    public void Producers_and_queues_are_ordered_independently()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 1).Send(1, 0, 2, 0).Send(Producer, 1, 3, 0)
            .Poll(Consumer, 0, 0, (0, 2), (1, 1)).Poll(Consumer, 1, 0, (0, 3))
            .Check();

        Assert.True(result.Valid);
    }

    [Fact]
    public void A_value_read_that_was_never_sent_is_unexpected()
    {
        var result = new HistoryBuilder()
            .Send(Producer, 0, 1, 0)
            .Poll(Consumer, 0, 0, (0, 1), (1, 99))
            .Check();

        var unexpected = Assert.IsType<UnexpectedValue>(Assert.Single(result.Anomalies));
        Assert.Equal(new UnexpectedValue(99, new Sighting(0, 1, 99, SightingSource.Read, Consumer, 4)), unexpected);
        Assert.Equal((1L, 2L), (result.Counts.Unexpected, result.Counts.Read));
    }

    [Fact]
    public void Anomaly_lists_are_capped_but_counted_in_full()
    {
        var history = new HistoryBuilder();
        for (var value = 1; value <= 5; value++)
        {
            history.Send(Producer, 0, value, -1);
        }

        var result = history.Drained(Drainer, 0, 0).Check(new CheckerOptions { MaxAnomaliesPerKind = 2 });

        Assert.Equal([1L, 2L], result.Anomalies.Cast<LostWrite>().Select(lost => lost.Value));
        Assert.Equal((5L, 5L, 2), (result.CountOf(AnomalyKind.LostWrite), result.Counts.Lost,
            result.MaxAnomaliesPerKind));
    }
}
