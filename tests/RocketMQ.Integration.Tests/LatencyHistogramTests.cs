using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.DLedger.Bench.Driver;

namespace RocketMQ.Integration.Tests;

/// <summary>The bench drivers' histogram against a sorted list (the oracle): every quantile it reports is the
/// exact nearest-rank value rounded up to its bucket's top, at most 1/64 above it and never above the maximum.
/// </summary>
public sealed class LatencyHistogramTests
{
    private static readonly double[] Quantiles = [0, 0.5, 0.9, 0.99, 0.999, 1];

    [Property(MaxTest = 300)]
    public Property Quantiles_are_within_one_bucket_of_the_exact_values() =>
        Prop.ForAll(Values().ToArbitrary(), values =>
        {
            var histogram = new LatencyHistogram();
            foreach (var value in values)
            {
                histogram.RecordMicros(value);
            }

            var sorted = values.Order().ToArray();
            foreach (var quantile in Quantiles)
            {
                var exact = sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
                var reported = histogram.ValueAtQuantileMicros(quantile);
                Assert.InRange(reported, exact, Math.Min(sorted[^1], exact + (exact / 64)));
            }
        });

    [Fact]
    public void An_empty_histogram_reports_zero_and_merging_adds_counts()
    {
        var first = new LatencyHistogram();
        Assert.Equal(0, first.ValueAtQuantileMicros(0.99));

        var second = new LatencyHistogram();
        first.RecordMicros(100);
        second.RecordMicros(5_000_000);
        first.Add(second);

        Assert.Equal(2, first.Count);
        Assert.Equal(100, first.ValueAtQuantileMicros(0.5));
        Assert.Equal(5_000_000, first.ValueAtQuantileMicros(1));
    }

    /// <summary>Non-empty lists mixing exact-range values, typical latencies and huge outliers.</summary>
    private static Gen<long[]> Values() =>
        Gen.OneOf(Gen.Choose(0, 200).Select(v => (long)v), Gen.Choose(0, 2_000_000).Select(v => (long)v),
                Gen.Choose(0, int.MaxValue).Select(v => v * 1000L))
            .NonEmptyListOf()
            .Select(list => list.ToArray());
}
