using System.Globalization;
using ScottPlot;

namespace RocketMQ.Jepsen.Report;

public static partial class TimelineChart
{
    private static Plot ThroughputPanel(TimelineInput input, TimelineBuckets buckets, ChartStyle style)
    {
        var plot = new Plot();
        style.Apply(plot, new PixelPadding(ChartStyle.LeftPx, ChartStyle.RightPx, 16, 12));
        plot.YLabel("acknowledged sends / s");
        plot.Axes.Left.Label.ForeColor = ChartStyle.Ok;
        // The latency panel below carries the time axis; repeating its numbers here only adds clutter.
        plot.Axes.Bottom.TickLabelStyle.IsVisible = false;

        AddFaultSpans(plot, input.Faults, style, legend: true);

        // Acknowledged sends on the left axis; failed and indeterminate ones as narrow bars on their own right axis,
        // because a handful of errors next to hundreds of acks would be invisible on one scale.
        AddBars(plot, buckets, buckets.Ok, 0, 0.86, ChartStyle.Ok, "acknowledged / s", plot.Axes.Left);
        AddBars(plot, buckets, buckets.Info, -0.2, 0.36, ChartStyle.Info, "indeterminate / s (right)", plot.Axes.Right);
        AddBars(plot, buckets, buckets.Fail, 0.2, 0.36, ChartStyle.Fail, "failed / s (right)", plot.Axes.Right);

        // Headroom above the tallest bar for the fault labels.
        var topY = Math.Max(1, buckets.Ok.Max()) * 1.3;
        plot.Axes.SetLimitsY(0, topY, plot.Axes.Left);
        var errorPeak = Math.Max(buckets.Info.Max(), buckets.Fail.Max());
        plot.Axes.SetLimitsY(0, Math.Max(4, errorPeak) * 1.3, plot.Axes.Right);
        plot.Axes.Right.Label.Text = "failed, indeterminate / s";
        plot.Axes.Right.Label.ForeColor = ChartStyle.Fail;
        plot.Axes.Right.Label.FontSize = ChartStyle.AxisLabelSize;
        plot.Axes.Right.TickLabelStyle.FontSize = ChartStyle.TickSize;
        plot.Axes.Right.TickLabelStyle.ForeColor = ChartStyle.Fail;
        AddFaultLabels(plot, input.Faults, style, topY);
        style.ShowLegend(plot);
        return plot;
    }

    private static void AddBars(
        Plot plot,
        TimelineBuckets buckets,
        double[] counts,
        double offset,
        double width,
        Color color,
        string legend,
        IYAxis axis)
    {
        var bucketS = buckets.BucketMs / 1000;
        var bars = new List<Bar>(buckets.Count);
        for (var i = 0; i < buckets.Count; i++)
        {
            if (counts[i] > 0)
            {
                bars.Add(new Bar
                {
                    Position = (i + 0.5 + offset) * bucketS,
                    Value = counts[i],
                    Size = bucketS * width,
                    FillColor = color,
                    LineWidth = 0,
                });
            }
        }

        // An empty series still gets a legend entry, so the reader learns that nothing failed.
        var series = plot.Add.Bars(bars);
        series.Color = color;
        series.LegendText = bars.Count == 0 ? $"{legend}: none" : legend;
        series.Axes.YAxis = axis;
    }

    /// <summary>The run in one line under the title, so the picture stands on its own in a doc or an issue.</summary>
    internal static string Summary(TimelineInput input)
    {
        int ok = 0, fail = 0, info = 0;
        foreach (var send in input.Sends)
        {
            _ = send.Outcome switch
            {
                SendOutcome.Ok => ok++,
                SendOutcome.Fail => fail++,
                _ => info++,
            };
        }

        var faults = input.Faults.Count == 1 ? "1 fault" : $"{input.Faults.Count} faults";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{input.Sends.Count:N0} sends: {ok:N0} acknowledged, {fail:N0} failed, {info:N0} indeterminate; " +
            $"{faults} in {input.DurationMs / 1000:0.#} s");
    }
}
