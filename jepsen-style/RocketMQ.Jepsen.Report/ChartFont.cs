using SkiaSharp;

namespace RocketMQ.Jepsen.Report;

/// <summary>Picks the font family the timeline's text is drawn in, so a machine without fonts fails loudly instead
/// of writing a picture whose labels are empty boxes.</summary>
internal static class ChartFont
{
    // Sans families common on Debian, macOS and Windows, in order of preference; DejaVu comes with fonts-dejavu-core.
    private static readonly string[] Preferred =
        ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Arial", "Helvetica", "Segoe UI"];

    public static string Resolve()
    {
        var manager = SKFontManager.Default;
        if (manager.FontFamilyCount == 0)
        {
            throw new TimelineRenderException(
                "SkiaSharp sees no system font, so the timeline's text would be blank; install one " +
                "(Debian: apt-get install fontconfig fonts-dejavu-core)");
        }

        var families = manager.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in Preferred)
        {
            if (families.Contains(name))
            {
                return name;
            }
        }

        return manager.FontFamilies.Order(StringComparer.Ordinal).First();
    }
}
