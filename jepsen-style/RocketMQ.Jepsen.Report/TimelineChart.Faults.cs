using ScottPlot;

namespace RocketMQ.Jepsen.Report;

public static partial class TimelineChart
{
    private const int FaultLabelRows = 3;
    private const float FaultLabelRowPx = 24;

    /// <summary>Shades every fault window (added before the data so the data draws on top); with
    /// <paramref name="legend"/>, the first window of each kind also names the kind in the legend.</summary>
    private static void AddFaultSpans(Plot plot, IReadOnlyList<FaultWindow> faults, ChartStyle style, bool legend)
    {
        var kinds = FaultKinds(faults);
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var fault in faults.OrderBy(f => f.StartMs))
        {
            var color = style.FaultColor(fault.Fault, kinds);
            var (startS, endS) = SpanS(fault, style);
            var span = plot.Add.HorizontalSpan(startS, endS, color.WithAlpha(0.18));
            span.LineStyle.Width = 1;
            span.LineStyle.Color = color.WithAlpha(0.6);
            if (legend && named.Add(fault.Fault))
            {
                span.LegendText = $"fault: {fault.Fault}";
            }
        }
    }

    /// <summary>Writes "fault targets" at each window's top-left, just under <paramref name="topY"/>, stepping a
    /// label down a row when it would run into the one before (faults often come seconds apart).</summary>
    private static void AddFaultLabels(Plot plot, IReadOnlyList<FaultWindow> faults, ChartStyle style, double topY)
    {
        var kinds = FaultKinds(faults);
        var rowFreeAtPx = new double[FaultLabelRows];
        foreach (var fault in faults.OrderBy(f => f.StartMs))
        {
            var text = string.IsNullOrWhiteSpace(fault.Targets) ? fault.Fault : $"{fault.Fault} {fault.Targets}";
            var (startS, _) = SpanS(fault, style);
            var startPx = startS * style.PxPerS;
            // Rough width of the text: DejaVu Sans Bold averages about 0.65 em per character.
            var widthPx = (text.Length * ChartStyle.FaultLabelSize * 0.65) + 16;
            var row = Array.FindIndex(rowFreeAtPx, free => free <= startPx);
            if (row < 0)
            {
                row = Array.IndexOf(rowFreeAtPx, rowFreeAtPx.Min());
            }

            rowFreeAtPx[row] = startPx + widthPx;
            var label = plot.Add.Text(text, startS, topY);
            label.LabelFontSize = ChartStyle.FaultLabelSize;
            label.LabelFontColor = ChartStyle.Ink;
            label.LabelBold = true;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.9);
            label.LabelBorderColor = style.FaultColor(fault.Fault, kinds);
            label.LabelBorderWidth = 1.5f;
            label.LabelPadding = 3;
            label.LabelAlignment = Alignment.UpperLeft;
            label.OffsetX = 3;
            label.OffsetY = 6 + (row * FaultLabelRowPx);
        }
    }

    private static string[] FaultKinds(IReadOnlyList<FaultWindow> faults) =>
        faults.OrderBy(f => f.StartMs).Select(f => f.Fault).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    private static (double StartS, double EndS) SpanS(FaultWindow fault, ChartStyle style)
    {
        var startS = fault.StartMs / 1000;
        // A fault that ended at once (a kill whose restart is a separate fault) still gets a visible sliver.
        return (startS, Math.Max(fault.EndMs / 1000, startS + (3 / style.PxPerS)));
    }
}
