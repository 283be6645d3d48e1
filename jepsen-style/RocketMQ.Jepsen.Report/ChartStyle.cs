using ScottPlot;

namespace RocketMQ.Jepsen.Report;

/// <summary>The timeline's look in one place: palette, sizes and the padding both panels share, so their data areas
/// line up and a fault's shading runs straight down the picture.</summary>
internal sealed record ChartStyle(string FontName, double DurationS, int WidthPx)
{
    // Colour-blind-safe outcome colours (Okabe-Ito): blue for acknowledged, vermillion for failed, orange for
    // indeterminate; fault shading uses muted tints that are none of these.
    public static readonly Color Ok = Color.FromHex("#0072B2");
    public static readonly Color Fail = Color.FromHex("#D55E00");
    public static readonly Color Info = Color.FromHex("#E69F00");
    public static readonly Color P50 = Color.FromHex("#1B2A41");
    public static readonly Color P99 = Color.FromHex("#CC79A7");
    public static readonly Color Ink = Color.FromHex("#222222");
    public static readonly Color Grid = Color.FromHex("#E6E6E6");

    private static readonly Dictionary<string, Color> FaultColors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kill"] = Color.FromHex("#7F6FB3"),
        ["pause"] = Color.FromHex("#4FA3A5"),
        ["partition"] = Color.FromHex("#9A9A3A"),
        ["disk"] = Color.FromHex("#8C6D5A"),
        ["transfer"] = Color.FromHex("#B0789F"),
    };

    private static readonly Color[] SpareFaultColors =
        [Color.FromHex("#6C8EBF"), Color.FromHex("#8FA35A"), Color.FromHex("#A0705E"), Color.FromHex("#7A7A7A")];

    public const float TitleSize = 24;
    public const float AxisLabelSize = 17;
    public const float TickSize = 14;
    public const float LegendSize = 14;
    public const float FaultLabelSize = 14;

    /// <summary>Left padding wide enough for "10 s" tick labels plus the rotated axis label.</summary>
    public const float LeftPx = 100;

    /// <summary>Right padding for the throughput panel's error axis and the legends beside the data.</summary>
    public const float RightPx = 290;

    /// <summary>Horizontal pixels per second of run, for laying out fault labels so they do not overlap.</summary>
    public double PxPerS => (WidthPx - LeftPx - RightPx) / DurationS;

    public Color FaultColor(string fault, IReadOnlyList<string> kinds)
    {
        if (FaultColors.TryGetValue(fault, out var known))
        {
            return known;
        }

        var unknown = kinds.Where(k => !FaultColors.ContainsKey(k)).ToList();
        return SpareFaultColors[Math.Max(0, unknown.IndexOf(fault)) % SpareFaultColors.Length];
    }

    /// <summary>Applies the shared font, colours and grid to a new panel.</summary>
    public void Apply(Plot plot, PixelPadding padding)
    {
        plot.Font.Set(FontName);
        plot.Layout.Fixed(padding);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Grid;
        plot.Axes.Color(Ink);
        plot.Axes.Left.Label.FontSize = AxisLabelSize;
        plot.Axes.Bottom.Label.FontSize = AxisLabelSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.SetLimitsX(0, DurationS);
    }

    /// <summary>The legend beside the data, where it can hide neither dots nor fault labels.</summary>
    public void ShowLegend(Plot plot)
    {
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = LegendSize;
        plot.Legend.FontName = FontName;
        plot.Legend.BackgroundColor = Colors.White;
        plot.Legend.OutlineColor = Colors.Transparent;
        plot.Legend.ShadowColor = Colors.Transparent;
    }
}
