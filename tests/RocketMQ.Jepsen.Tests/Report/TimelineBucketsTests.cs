using RocketMQ.Jepsen.Report;

namespace RocketMQ.Jepsen.Tests.Report;

public class TimelineBucketsTests
{
    [Fact]
    public void Outcomes_count_where_they_completed_and_latencies_where_they_started()
    {
        SendSample[] sends =
        [
            new(100, 10, SendOutcome.Ok),
            new(900, 200, SendOutcome.Ok),
            new(1500, 30, SendOutcome.Fail),
            new(1600, 2000, SendOutcome.Info),
            new(2100, 5, SendOutcome.Ok),
        ];

        var buckets = TimelineBuckets.Compute(sends, 4000, 1000);

        Assert.Equal(4, buckets.Count);
        Assert.Equal([1.0, 1, 1, 0], buckets.Ok);
        Assert.Equal([0.0, 1, 0, 0], buckets.Fail);
        Assert.Equal([0.0, 0, 0, 1], buckets.Info);
        // Both sends started in the first second are acknowledged: nearest-rank p50 of [10, 200] is 10.
        Assert.Equal(10, buckets.P50Ms[0]);
        Assert.Equal(200, buckets.P99Ms[0]);
        Assert.True(double.IsNaN(buckets.P50Ms[1]));
        Assert.Equal(5, buckets.P99Ms[2]);
    }

    [Fact]
    public void Sends_completing_past_the_duration_are_left_out()
    {
        SendSample[] sends =
            [new(2900, 50, SendOutcome.Ok), new(2900, 500, SendOutcome.Ok), new(-1, 0, SendOutcome.Fail)];

        var buckets = TimelineBuckets.Compute(sends, 3000, 1000);

        Assert.Equal([0.0, 0, 1], buckets.Ok);
        Assert.Equal([0.0, 0, 0], buckets.Fail);
        // Its latency still counts where it started: a slow send is exactly what the latency panel is for.
        Assert.Equal(500, buckets.P99Ms[2]);
    }
}
