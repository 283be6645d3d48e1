namespace RocketMQ.Jepsen.Report;

/// <summary>The timeline PNG could not be drawn or written. The message names the likely missing piece (SkiaSharp's
/// native library, a system font, the output folder) so a failed CI run says what to install.</summary>
public sealed class TimelineRenderException : Exception
{
    public TimelineRenderException(string message)
        : base(message)
    {
    }

    public TimelineRenderException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
