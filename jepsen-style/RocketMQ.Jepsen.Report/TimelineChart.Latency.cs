using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace RocketMQ.Jepsen.Report;

public static partial class TimelineChart
{
    // Latencies below this are drawn at it: a log axis has no zero, and sub-0.1 ms sends are not a story.
    private const double LatencyFloorMs = 0.1;

    private static Plot LatencyPanel(TimelineInput input, TimelineBuckets buckets, ChartStyle style)
    {
        var plot = new Plot();
        style.Apply(plot, new PixelPadding(ChartStyle.LeftPx, ChartStyle.RightPx, 64, 12));
        plot.XLabel("time since run start (s)");
        plot.YLabel("send latency (log scale)");
        AddFaultSpans(plot, input.Faults, style, legend: false);

        // One dot per send at its invoke time; failures and timeouts drawn larger and last so they stay visible
        // among thousands of acknowledged dots.
        AddDots(plot, input.Sends, SendOutcome.Ok, ChartStyle.Ok.WithAlpha(0.28), 3, "acknowledged send");
        AddDots(plot, input.Sends, SendOutcome.Info, ChartStyle.Info.WithAlpha(0.85), 6, "indeterminate send");
        AddDots(plot, input.Sends, SendOutcome.Fail, ChartStyle.Fail.WithAlpha(0.85), 6, "failed send");
        AddPercentileLine(plot, buckets, buckets.P50Ms, ChartStyle.P50, LinePattern.Solid, "p50 of acks, per second");
        AddPercentileLine(plot, buckets, buckets.P99Ms, ChartStyle.P99, LinePattern.Solid, "p99 of acks, per second");

        var (lowDecade, highDecade) = Decades(input.Sends);
        plot.Axes.SetLimitsY(lowDecade, highDecade);
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = log => FormatMs(Math.Pow(10, log)),
        };
        // Minor lines only across (2 ms, 5 ms, …) to read latencies; minor lines along time would only add noise.
        plot.Grid.YAxisStyle.MinorLineStyle.Color = ChartStyle.Grid.WithAlpha(0.6);
        plot.Grid.YAxisStyle.MinorLineStyle.Width = 1;

        style.ShowLegend(plot);
        return plot;
    }

    private static void AddDots(
        Plot plot, IReadOnlyList<SendSample> sends, SendOutcome outcome, Color color, float size, string legend)
    {
        var picked = sends.Where(s => s.Outcome == outcome).ToArray();
        var xs = Array.ConvertAll(picked, s => s.StartMs / 1000);
        var ys = Array.ConvertAll(picked, s => Math.Log10(Math.Max(LatencyFloorMs, s.LatencyMs)));
        var dots = plot.Add.ScatterPoints(xs, ys, color);
        dots.MarkerSize = size;
        dots.MarkerShape = MarkerShape.FilledCircle;
        // The dots themselves are small and faint; the legend shows a full-strength marker so the colour reads.
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = picked.Length == 0 ? $"{legend}: none" : legend,
            MarkerShape = MarkerShape.FilledCircle,
            MarkerSize = 9,
            MarkerFillColor = color.WithAlpha(1.0),
            MarkerLineColor = color.WithAlpha(1.0),
            LineWidth = 0,
        });
    }

    private static void AddPercentileLine(
        Plot plot, TimelineBuckets buckets, double[] valuesMs, Color color, LinePattern pattern, string legend)
    {
        var bucketS = buckets.BucketMs / 1000;
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = legend,
            LineColor = color,
            LineWidth = 2.5f,
            LinePattern = pattern,
            MarkerShape = MarkerShape.None,
        });
        // One line per run of seconds that had acks: a second with none (an outage) leaves a gap instead of a line
        // drawn across it, which ScottPlot's scatter would do for NaN.
        for (var i = 0; i < buckets.Count;)
        {
            if (double.IsNaN(valuesMs[i]))
            {
                i++;
                continue;
            }

            var xs = new List<double>();
            var ys = new List<double>();
            for (; i < buckets.Count && !double.IsNaN(valuesMs[i]); i++)
            {
                xs.Add((i + 0.5) * bucketS);
                ys.Add(Math.Log10(Math.Max(LatencyFloorMs, valuesMs[i])));
            }

            var line = plot.Add.Scatter(xs, ys, color);
            line.LineWidth = 2.5f;
            line.LinePattern = pattern;
            line.MarkerSize = xs.Count == 1 ? 5 : 0;
        }
    }

    /// <summary>The y range in log10(ms), whole decades around every latency, at least 1 ms to 1 s.</summary>
    private static (double Low, double High) Decades(IReadOnlyList<SendSample> sends)
    {
        var low = 0.0;
        var high = 3.0;
        foreach (var send in sends)
        {
            var log = Math.Log10(Math.Max(LatencyFloorMs, send.LatencyMs));
            low = Math.Min(low, Math.Floor(log));
            high = Math.Max(high, Math.Ceiling(log + 0.15));
        }

        return (low, high);
    }

    private static string FormatMs(double ms) => ms switch
    {
        >= 1000 => string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.###} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ms:0.###} ms"),
    };
}
