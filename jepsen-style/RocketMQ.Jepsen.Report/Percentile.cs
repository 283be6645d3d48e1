namespace RocketMQ.Jepsen.Report;

/// <summary>Nearest-rank percentiles: every result is a value that was observed, so a p99 of window lengths is the
/// length of a real window and never an interpolation between two faults.</summary>
internal static class Percentile
{
    /// <summary>The <paramref name="p"/>-th percentile (0 &lt; p ≤ 100) of <paramref name="sorted"/>, which must be
    /// in ascending order and not empty.</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("a percentile of no values is undefined", nameof(sorted));
        }

        if (!(p > 0 && p <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "the percentile must be in (0, 100]");
        }

        // Nearest rank: the smallest value with at least p % of the values at or below it.
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
