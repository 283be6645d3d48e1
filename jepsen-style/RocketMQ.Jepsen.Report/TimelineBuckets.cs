namespace RocketMQ.Jepsen.Report;

/// <summary>A run cut into fixed buckets for the timeline: outcome counts per bucket by completion time (a send
/// counts when the client learns its outcome) and ok latency percentiles per bucket by start time (as the scatter
/// places each send at its invoke).</summary>
internal sealed class TimelineBuckets
{
    private TimelineBuckets(int count, double bucketMs)
    {
        BucketMs = bucketMs;
        Ok = new double[count];
        Fail = new double[count];
        Info = new double[count];
        P50Ms = new double[count];
        P99Ms = new double[count];
    }

    public double BucketMs { get; }

    public int Count => Ok.Length;

    /// <summary>Acknowledged sends that completed in each bucket.</summary>
    public double[] Ok { get; }

    public double[] Fail { get; }

    public double[] Info { get; }

    /// <summary>Median latency of the ok sends started in each bucket; NaN where none started.</summary>
    public double[] P50Ms { get; }

    public double[] P99Ms { get; }

    /// <summary>Buckets of <paramref name="bucketMs"/> covering 0 to <paramref name="durationMs"/>; a send that
    /// completes (or, for latency, starts) outside that range is left out: piling it into the last bucket would
    /// draw a spike that never happened.</summary>
    public static TimelineBuckets Compute(IReadOnlyList<SendSample> sends, double durationMs, double bucketMs)
    {
        ArgumentNullException.ThrowIfNull(sends);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs);
        var count = Math.Max(1, (int)Math.Ceiling(durationMs / bucketMs));
        var buckets = new TimelineBuckets(count, bucketMs);
        var latencies = new List<double>[count];
        foreach (var send in sends)
        {
            var started = buckets.IndexOf(send.StartMs);
            if (send.Outcome == SendOutcome.Ok && started >= 0)
            {
                (latencies[started] ??= []).Add(send.LatencyMs);
            }

            var done = buckets.IndexOf(send.EndMs);
            if (done < 0)
            {
                continue;
            }

            switch (send.Outcome)
            {
                case SendOutcome.Ok:
                    buckets.Ok[done]++;
                    break;
                case SendOutcome.Fail:
                    buckets.Fail[done]++;
                    break;
                default:
                    buckets.Info[done]++;
                    break;
            }
        }

        for (var i = 0; i < count; i++)
        {
            var bucket = latencies[i];
            if (bucket is null)
            {
                buckets.P50Ms[i] = buckets.P99Ms[i] = double.NaN;
                continue;
            }

            bucket.Sort();
            buckets.P50Ms[i] = Percentile.OfSorted(bucket, 50);
            buckets.P99Ms[i] = Percentile.OfSorted(bucket, 99);
        }

        return buckets;
    }

    /// <summary>The bucket holding <paramref name="timeMs"/>, or -1 outside the run.</summary>
    private int IndexOf(double timeMs)
    {
        var index = Math.Floor(timeMs / BucketMs);
        return index >= 0 && index < Count ? (int)index : -1;
    }
}
