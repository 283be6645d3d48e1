using RocketMQ.Jepsen.Report;

namespace RocketMQ.Jepsen.Tests.Report;

public class AvailabilityWindowsTests
{
    private static readonly FaultWindow Kill = new(1000, 3000, "kill", "n1");

    private static SendSample Ok(double start, double latency = 5) => new(start, latency, SendOutcome.Ok);

    private static SendSample Fail(double start, double latency = 5) => new(start, latency, SendOutcome.Fail);

    private static SendSample Info(double start, double latency = 2000) => new(start, latency, SendOutcome.Info);

    private static AvailabilityWindow Single(IReadOnlyList<SendSample> sends, FaultWindow? fault = null) =>
        Assert.Single(AvailabilityWindows.Compute(sends, [fault ?? Kill]).Windows);

    [Fact]
    public void A_fault_that_disrupted_no_send_has_a_zero_window()
    {
        var window = Single([Ok(900), Ok(1000), Ok(1100, 999), Ok(2000)]);

        Assert.Equal(new AvailabilityWindow("kill", "n1", 1000, null, null, 0, true), window);
    }

    [Fact]
    public void The_window_runs_from_the_first_failed_send_to_the_completion_of_the_next_ack()
    {
        // Before the fault, fine; from 1005 failures; the send started at 1200 is acknowledged at 1210.
        var window = Single([Ok(900), Fail(1005), Fail(1100), Ok(1200, 10), Ok(1300)]);

        Assert.Equal(1005, window.DisruptionStartMs);
        Assert.Equal(1210, window.RecoveredAtMs);
        Assert.Equal(205, window.WindowMs);
        Assert.True(window.Recovered);
    }

    [Fact]
    public void An_indeterminate_send_opens_the_window_and_its_timeout_does_not_close_it()
    {
        var window = Single([Info(1010, 2000), Ok(1500, 5)]);

        Assert.Equal(1010, window.DisruptionStartMs);
        Assert.Equal(495, window.WindowMs);
    }

    [Fact]
    public void An_ack_slower_than_the_threshold_is_a_stall()
    {
        // 1500 ms for an ack is an outage for its client; exactly the threshold is not.
        var window = Single([Ok(1000, 1000), Ok(1100, 1500), Ok(1200, 50)]);

        Assert.Equal(1100, window.DisruptionStartMs);
        Assert.Equal(1250, window.RecoveredAtMs);
        Assert.Equal(150, window.WindowMs);
    }

    [Fact]
    public void The_stall_threshold_can_be_lowered()
    {
        var report = AvailabilityWindows.Compute([Ok(1000, 300), Ok(1100, 20)], [Kill], stallThresholdMs: 200);

        Assert.Equal(120, Assert.Single(report.Windows).WindowMs);
    }

    [Fact]
    public void Recovery_is_the_earliest_completion_not_the_earliest_start()
    {
        // Two producers: one's retry at 1010 stalls until 4010, the other's send at 1500 is acknowledged at 1510.
        var window = Single([Fail(1000), Ok(1010, 3000), Ok(1500, 10)]);

        Assert.Equal(1510, window.RecoveredAtMs);
        Assert.Equal(510, window.WindowMs);
    }

    [Fact]
    public void An_ack_started_before_the_disruption_does_not_end_it()
    {
        // The send started at 990 was in flight through the fault and is acknowledged at 1490; it says nothing about
        // whether a client could get an ack after 1001.
        var window = Single([Ok(990, 500), Fail(1001), Ok(1600, 10)]);

        Assert.Equal(1610, window.RecoveredAtMs);
        Assert.Equal(609, window.WindowMs);
    }

    [Fact]
    public void An_ack_started_at_the_same_moment_as_the_disrupted_send_does_not_end_it()
    {
        var window = Single([Fail(1000), Ok(1000, 1), Ok(1050, 1)]);

        Assert.Equal(51, window.WindowMs);
    }

    [Fact]
    public void A_send_in_flight_when_the_fault_started_does_not_open_its_window()
    {
        var window = Single([Info(500, 2000), Ok(1100)]);

        Assert.Null(window.DisruptionStartMs);
        Assert.Equal(0, window.WindowMs);
    }

    [Fact]
    public void A_disruption_after_the_fault_ended_but_before_the_next_fault_belongs_to_it()
    {
        // A partition's heal can cost an election after its end line.
        FaultWindow partition = new(1000, 2000, "partition", "n0|n1,n2");
        FaultWindow pause = new(5000, 6000, "pause", "n2");

        var windows = AvailabilityWindows.Compute([Fail(2500), Ok(2600), Fail(6100), Ok(6300)], [pause, partition])
            .Windows;

        Assert.Equal(["partition", "pause"], windows.Select(w => w.Fault));
        Assert.Equal(105, windows[0].WindowMs);
        Assert.Equal(205, windows[1].WindowMs);
    }

    [Fact]
    public void A_disruption_after_the_next_fault_started_belongs_to_the_next_fault()
    {
        FaultWindow first = new(1000, 8000, "partition", "n0");
        FaultWindow second = new(2000, 3000, "kill", "n1");

        var windows = AvailabilityWindows.Compute([Ok(1500), Fail(2100), Ok(2200)], [first, second]).Windows;

        Assert.Equal(0, windows[0].WindowMs);
        Assert.Equal(105, windows[1].WindowMs);
    }

    [Fact]
    public void A_run_that_never_recovered_is_measured_to_its_last_completion_as_a_lower_bound()
    {
        var window = Single([Ok(900), Fail(1000), Info(1100, 2000), Fail(3000)]);

        Assert.False(window.Recovered);
        Assert.Null(window.RecoveredAtMs);
        Assert.Equal(1000, window.DisruptionStartMs);
        Assert.Equal(3100 - 1000, window.WindowMs);
    }

    [Fact]
    public void No_sends_and_no_faults_are_fine()
    {
        Assert.Empty(AvailabilityWindows.Compute([], []).Windows);
        Assert.Equal(0, Assert.Single(AvailabilityWindows.Compute([], [Kill]).Windows).WindowMs);
    }

    [Fact]
    public void Percentiles_per_kind_are_nearest_rank_and_include_undisrupted_faults()
    {
        FaultWindow[] faults =
        [
            new(1000, 1100, "kill", "n0"),
            new(2000, 2100, "kill", "n1"),
            new(3000, 3100, "kill", "n2"),
            new(4000, 4100, "partition", "n0"),
        ];
        // kill n0: no disruption (0); kill n1: 100 ms; kill n2: 300 ms; partition: 50 ms.
        SendSample[] sends =
        [
            Ok(1000), Fail(2000, 1), Ok(2095, 5), Fail(3000, 1), Ok(3290, 10), Fail(4000, 1), Ok(4045, 5), Ok(5000),
        ];

        var report = AvailabilityWindows.Compute(sends, faults);

        Assert.Equal([0.0, 100, 300, 50], report.Windows.Select(w => w.WindowMs));
        Assert.Equal(
            [
                new FaultKindAvailability("kill", 3, 100, 300, 300),
                new FaultKindAvailability("partition", 1, 50, 50, 50),
            ],
            report.ByFault);
    }

    [Fact]
    public void The_order_of_the_inputs_does_not_matter()
    {
        var sends = SyntheticRun.Sends(seed: 11);
        var shuffled = sends.OrderBy(s => s.GetHashCode()).ToArray();

        var inOrder = AvailabilityWindows.Compute(sends, SyntheticRun.Faults);
        var outOfOrder = AvailabilityWindows.Compute(shuffled, SyntheticRun.Faults.Reverse().ToArray());

        Assert.Equal(inOrder.Windows, outOfOrder.Windows);
        Assert.Equal(inOrder.ByFault, outOfOrder.ByFault);
    }

    [Fact]
    public void The_synthetic_run_has_the_outages_it_was_built_with()
    {
        var windows = AvailabilityWindows.Compute(SyntheticRun.Sends(seed: 7), SyntheticRun.Faults).Windows;

        // The kill timed sends out from 15 s until a new leader answered after 20.5 s; the partition failed sends
        // from 36 s to 38.6 s (its heal's stalls at 46 s start after the first ack and open no second window).
        Assert.InRange(windows[0].WindowMs, 5_400, 6_700);
        Assert.InRange(windows[1].WindowMs, 2_500, 2_900);
    }
}
