using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using RocketMQ.Broker.Admin;

namespace RocketMQ.Broker.Tests.Admin;

/// <summary>The counters behind GET_BROKER_RUNTIME_INFO on a fake clock.</summary>
public sealed class BrokerStatsTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 23, 50, 0, TimeSpan.Zero);

    [Fact]
    public void Rates_cover_10_60_and_600_seconds_and_use_the_time_there_is_before_that()
    {
        var time = new FakeTimeProvider(Start);
        using var stats = new BrokerStats(time);
        stats.Start();

        // 10 messages a second for 60 s, then 30 s of silence.
        for (var second = 0; second < 60; second++)
        {
            stats.RecordPut(10);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal([0.0, 5.0, 600.0 / 90], Rates(stats, "putTps"), new Tolerance(0.001));
    }

    [Fact]
    public void Gets_count_found_missed_and_transferred()
    {
        var time = new FakeTimeProvider(Start);
        using var stats = new BrokerStats(time);
        stats.Start();

        stats.RecordGet(32);
        stats.RecordGet(0);
        stats.RecordGet(8);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal((2, 1, 40), (stats.GetFoundTimes, stats.GetMissTimes, stats.MessagesTransferredTotal));
        Assert.Equal(4.0, Rates(stats, "getTransferedTps")[0], 3);
        Assert.Equal(0.3, Rates(stats, "getTotalTps")[0], 3);
    }

    [Fact]
    public void Totals_roll_over_at_each_local_midnight()
    {
        var time = new FakeTimeProvider(Start);
        using var stats = new BrokerStats(time);
        stats.Start();
        stats.RecordPut(7);
        stats.RecordGet(3);

        time.Advance(TimeSpan.FromMinutes(10)); // midnight
        stats.RecordPut(5);
        var firstDay = Describe(stats);
        time.Advance(TimeSpan.FromDays(1)); // the next midnight
        var secondDay = Describe(stats);

        Assert.Equal(("0", "7", "12", "3"), (firstDay["msgPutTotalYesterdayMorning"],
            firstDay["msgPutTotalTodayMorning"], firstDay["msgPutTotalTodayNow"], firstDay["msgGetTotalTodayMorning"]));
        Assert.Equal(("7", "12", "12"), (secondDay["msgPutTotalYesterdayMorning"],
            secondDay["msgPutTotalTodayMorning"], secondDay["msgPutTotalTodayNow"]));
        Assert.Equal("[ 1 days, 0 hours, 10 minutes, 0 seconds ]", secondDay["runtime"]);
    }

    [Fact]
    public void Queue_growth_counts_puts_once_and_a_recreated_queue_counts_from_zero()
    {
        using var stats = new BrokerStats(new FakeTimeProvider(Start));
        stats.Baseline("T", 0, 100);

        stats.ObserveQueue("T", 0, 103);
        stats.ObserveQueue("T", 1, 2);
        stats.ObserveQueue("T", 0, 103);
        stats.ObserveQueue("T", 0, 1);

        Assert.Equal(3 + 2 + 1, stats.MessagesPutTotal);
    }

    private static Dictionary<string, string> Describe(BrokerStats stats)
    {
        var table = new Dictionary<string, string>();
        stats.Describe(table);
        return table;
    }

    private static double[] Rates(BrokerStats stats, string key) =>
        [.. Describe(stats)[key].Split(' ').Select(r => double.Parse(r, CultureInfo.InvariantCulture))];

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
