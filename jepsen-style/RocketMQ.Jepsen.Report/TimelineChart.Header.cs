using SkiaSharp;

namespace RocketMQ.Jepsen.Report;

public static partial class TimelineChart
{
    // ScottPlot's title is one label in one size; a heading plus a smaller summary line is drawn with Skia directly.
    private static int HeaderPx(int heightPx) => Math.Max(56, heightPx / 11);

    private static void DrawHeader(SKCanvas canvas, string fontName, TimelineInput input, int headerPx)
    {
        using var regular = SKTypeface.FromFamilyName(fontName);
        using var bold = SKTypeface.FromFamilyName(fontName, SKFontStyle.Bold);
        using var titleFont = new SKFont(bold, headerPx * 0.34f);
        using var summaryFont = new SKFont(regular, headerPx * 0.24f);
        using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        using var muted = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        var left = ChartStyle.LeftPx;
        canvas.DrawText(input.Title, left, headerPx * 0.45f, SKTextAlign.Left, titleFont, ink);
        canvas.DrawText(Summary(input), left, headerPx * 0.85f, SKTextAlign.Left, summaryFont, muted);
    }
}
