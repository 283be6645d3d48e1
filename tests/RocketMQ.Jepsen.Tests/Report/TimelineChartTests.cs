using System.Buffers.Binary;
using RocketMQ.Jepsen.Report;

namespace RocketMQ.Jepsen.Tests.Report;

public sealed class TimelineChartTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _directory = Directory.CreateTempSubdirectory("jepsen-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_synthetic_60_s_run_with_two_faults_renders_a_1600x900_png()
    {
        var path = Path.Combine(_directory, "timeline.png");

        TimelineChart.Render(SyntheticRun.Input(), path);

        var png = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, png[..8]);
        // IHDR is the first chunk: length, "IHDR", then width and height big-endian.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(1600, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(900, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        // Two panels of bars, dots, labels and text are far more than a blank canvas (a few KB).
        Assert.InRange(png.Length, 50_000, 5_000_000);

        // Writes the picture in docs/images when asked: REPORT_SAMPLE_PNG=<path> dotnet test ... --filter Report.
        if (Environment.GetEnvironmentVariable("REPORT_SAMPLE_PNG") is { Length: > 0 } sample)
        {
            File.Copy(path, sample, overwrite: true);
        }
    }

    [Fact]
    public void A_run_with_no_sends_and_no_faults_still_renders()
    {
        var path = Path.Combine(_directory, "empty.png");

        TimelineChart.Render(new TimelineInput("empty", [], [], 10_000), path, 800, 450);

        Assert.Equal(PngSignature, File.ReadAllBytes(path)[..8]);
    }

    [Fact]
    public void A_fault_without_an_end_and_unknown_kinds_render()
    {
        var path = Path.Combine(_directory, "odd.png");
        FaultWindow[] faults =
        [
            new(1_000, 1_000, "kill", "n0"),
            new(2_000, 9_000, "clock-skew", "n1"),
            new(2_500, 3_000, "disk", ""),
        ];

        TimelineChart.Render(new TimelineInput("odd", SyntheticRun.Sends(3)[..500], faults, 10_000), path);

        Assert.True(new FileInfo(path).Length > 0);
    }

    [Fact]
    public void An_unwritable_path_is_a_render_exception_naming_the_path()
    {
        var path = Path.Combine(_directory, "no-such-dir", "timeline.png");

        var error = Assert.Throws<TimelineRenderException>(() => TimelineChart.Render(SyntheticRun.Input(), path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_duration_that_is_not_positive_and_finite_is_refused(double durationMs)
    {
        var input = new TimelineInput("bad", [], [], durationMs);

        Assert.Throws<ArgumentOutOfRangeException>(
            () => TimelineChart.Render(input, Path.Combine(_directory, "bad.png")));
    }
}
