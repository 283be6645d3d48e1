using System.Numerics;

namespace RocketMQ.DLedger.Bench.Driver;

/// <summary>
/// A log-bucketed latency histogram in the manner of HdrHistogram: microsecond values below 128 are exact; above,
/// each power of two is split into 64 buckets, so any recorded value is reported within 1/64 (1.6 %). Covers up to
/// 2^40 µs (~12 days) in 2,304 counters.
/// </summary>
/// <remarks>Not thread-safe: give each worker its own and <see cref="Add"/> them at the end.</remarks>
public sealed class LatencyHistogram
{
    private const int ExactBits = 7;
    private const int ExactLimit = 1 << ExactBits;
    private const int SubBuckets = ExactLimit / 2;
    private const int MaxShift = 34;
    private readonly long[] _counts = new long[ExactLimit + (MaxShift * SubBuckets)];

    public long Count { get; private set; }

    public long MaxMicros { get; private set; }

    public void RecordMicros(long micros)
    {
        micros = Math.Max(micros, 0);
        _counts[BucketOf(micros)]++;
        Count++;
        MaxMicros = Math.Max(MaxMicros, micros);
    }

    /// <summary>Adds every count of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
    }

    /// <summary>The value at <paramref name="quantile"/> (0..1): the highest value of the bucket holding the
    /// sample of that rank (HdrHistogram's "highest equivalent value"), capped at the largest value seen; 0 when
    /// empty.</summary>
    public long ValueAtQuantileMicros(double quantile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(Math.Clamp(quantile, 0, 1) * Count));
        var seen = 0L;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestValueOf(i), MaxMicros);
            }
        }

        return MaxMicros;
    }

    internal static int BucketOf(long micros)
    {
        if (micros < ExactLimit)
        {
            return (int)micros;
        }

        var shift = Math.Min(63 - BitOperations.LeadingZeroCount((ulong)micros) - (ExactBits - 1), MaxShift);
        var top = Math.Min(micros >> shift, ExactLimit - 1);
        return ExactLimit + ((shift - 1) * SubBuckets) + (int)(top - SubBuckets);
    }

    internal static long HighestValueOf(int bucket)
    {
        if (bucket < ExactLimit)
        {
            return bucket;
        }

        var shift = ((bucket - ExactLimit) / SubBuckets) + 1;
        var top = ((bucket - ExactLimit) % SubBuckets) + SubBuckets;
        return ((top + 1L) << shift) - 1;
    }
}
