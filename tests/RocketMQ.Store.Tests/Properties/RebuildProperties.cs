using Xunit.Abstractions;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>
/// Incremental equals rebuilt (issue 4, part 2): a store that lived through a random history — sends of every shape,
/// multi-record entries mixing sends and config commands, clock steps both ways, checkpoints, clean restarts and
/// crashes — must hold exactly what a store rebuilt from the same log in an empty directory holds. No retention:
/// rebuilding from scratch needs the whole log. Replay and soak knobs as in <see cref="PropertyRuns"/>.
/// </summary>
public sealed class RebuildProperties(ITestOutputHelper output)
{
    private const int MaxCommands = 50;

    [Fact]
    public void A_store_equals_the_store_rebuilt_from_its_log() =>
        PropertyRuns.Check(RebuildScenario.Arbitrary(MaxCommands, shrink: true),
            scenario => PropertyRuns.Run(() => RebuildRun.RunAsync(scenario)), defaultRuns: 100);

    /// <summary>Canaries: one flipped byte in a rebuilt projection file must fail the comparison.</summary>
    [Theory]
    [InlineData("consumequeue")]
    [InlineData("index")]
    public void Canary_a_corrupted_projection_file_is_caught(string directory)
    {
        var error = Assert.ThrowsAny<Exception>(() => PropertyRuns.CheckSeeded(
            RebuildScenario.Arbitrary(MaxCommands, shrink: false),
            scenario => PropertyRuns.Run(() => RebuildRun.RunAsync(scenario, root => FlipLastByte(root, directory))),
            runs: 30, seed: 4243));
        output.WriteLine(error.Message);
        Assert.Contains($"{directory} file ", error.Message, StringComparison.Ordinal);
    }

    // The last non-zero byte of the newest file: inside the data the stores wrote, not in an unused tail.
    private static void FlipLastByte(string root, string directory)
    {
        var path = Path.Combine(root, directory);
        var file = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (file is null)
        {
            return;
        }

        var bytes = File.ReadAllBytes(file);
        var last = Array.FindLastIndex(bytes, b => b != 0);
        bytes[Math.Max(0, last)] ^= 0x40;
        File.WriteAllBytes(file, bytes);
    }
}
