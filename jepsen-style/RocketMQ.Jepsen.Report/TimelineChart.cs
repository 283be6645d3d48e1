using ScottPlot;
using SkiaSharp;

namespace RocketMQ.Jepsen.Report;

/// <summary>One run as a picture: acknowledged and failed sends per second on top, send latency (log scale) below,
/// each fault shaded across both panels and labelled with its kind and targets; x is seconds since the run's start.
/// </summary>
/// <remarks>Thread-safe: each call builds its own plots. Needs SkiaSharp's native library (the
/// SkiaSharp.NativeAssets.Linux package on Linux) and at least one system font (Debian: <c>fontconfig
/// fonts-dejavu-core</c>); without either, <see cref="Render(TimelineInput, string)"/> throws
/// <see cref="TimelineRenderException"/> instead of writing a picture with blank text.</remarks>
public static partial class TimelineChart
{
    /// <summary>The default picture size: legible on a laptop screen and in a GitHub README.</summary>
    public const int DefaultWidthPx = 1600;

    public const int DefaultHeightPx = 900;

    private const double BucketMs = 1000;

    // The throughput panel takes this share of the height; latency, which carries more detail, the rest.
    private const float TopShare = 0.44f;

    /// <summary>Draws <paramref name="input"/> to a <see cref="DefaultWidthPx"/> x <see cref="DefaultHeightPx"/>
    /// PNG at <paramref name="pngPath"/>, replacing any file there.</summary>
    /// <exception cref="TimelineRenderException">Drawing or writing failed; the message says why.</exception>
    public static void Render(TimelineInput input, string pngPath) =>
        Render(input, pngPath, DefaultWidthPx, DefaultHeightPx);

    /// <summary>Draws <paramref name="input"/> to a PNG of the given size (each at least 400 px).</summary>
    /// <exception cref="TimelineRenderException">Drawing or writing failed; the message says why.</exception>
    public static void Render(TimelineInput input, string pngPath, int widthPx, int heightPx)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(widthPx, 400);
        ArgumentOutOfRangeException.ThrowIfLessThan(heightPx, 400);
        if (!(input.DurationMs > 0) || double.IsInfinity(input.DurationMs))
        {
            throw new ArgumentOutOfRangeException(nameof(input), input.DurationMs, "DurationMs must be positive");
        }

        byte[] png;
        try
        {
            png = Draw(input, widthPx, heightPx);
        }
        catch (Exception e) when (e is not TimelineRenderException)
        {
            throw new TimelineRenderException(
                $"drawing the timeline failed ({e.GetType().Name}: {e.Message}); ScottPlot draws through SkiaSharp, " +
                "which needs its native libSkiaSharp (package SkiaSharp.NativeAssets.Linux) and a system font " +
                "(Debian: apt-get install fontconfig fonts-dejavu-core)",
                e);
        }

        try
        {
            File.WriteAllBytes(pngPath, png);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TimelineRenderException($"writing the timeline to {pngPath} failed: {e.Message}", e);
        }
    }

    private static byte[] Draw(TimelineInput input, int widthPx, int heightPx)
    {
        var font = ChartFont.Resolve();
        var buckets = TimelineBuckets.Compute(input.Sends, input.DurationMs, BucketMs);
        var style = new ChartStyle(font, input.DurationMs / 1000, widthPx);
        var top = ThroughputPanel(input, buckets, style);
        var bottom = LatencyPanel(input, buckets, style);

        var headerPx = HeaderPx(heightPx);
        var split = headerPx + (int)((heightPx - headerPx) * TopShare);
        using var surface = SKSurface.Create(new SKImageInfo(widthPx, heightPx))
            ?? throw new TimelineRenderException($"SkiaSharp could not allocate a {widthPx}x{heightPx} surface");
        surface.Canvas.Clear(SKColors.White);
        DrawHeader(surface.Canvas, font, input, headerPx);
        RenderInto(surface.Canvas, top, new SKRect(0, headerPx, widthPx, split));
        RenderInto(surface.Canvas, bottom, new SKRect(0, split, widthPx, heightPx));
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new TimelineRenderException("SkiaSharp could not encode the timeline as PNG");
        return data.ToArray();
    }

    private static void RenderInto(SKCanvas canvas, Plot plot, SKRect area)
    {
        // A plot clears its whole canvas to its background before drawing, so each panel gets its own clipped,
        // translated canvas state; otherwise the second panel wipes the first.
        canvas.Save();
        canvas.ClipRect(area);
        canvas.Translate(area.Left, area.Top);
        plot.Render(canvas, (int)area.Width, (int)area.Height);
        canvas.Restore();
    }
}
