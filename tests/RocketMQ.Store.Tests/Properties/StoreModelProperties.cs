using Xunit.Abstractions;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>
/// Model-based property (issue 4, part 1): random command sequences — puts of every shape, multi-record entries,
/// reads, key queries, lookups, restarts, crashes, checkpoints and retention — run against the real store on the
/// in-memory log and against <see cref="StoreModel"/>; they must agree after every command. A failure prints FsCheck's
/// replay pair; rerun it with <c>STORE_PROPERTY_REPLAY="seed,gamma"</c>, soak with <c>STORE_PROPERTY_RUNS</c>.
/// </summary>
public sealed class StoreModelProperties(ITestOutputHelper output)
{
    private const int MaxCommands = 60;

    [Fact]
    public void Store_agrees_with_the_model_after_every_command()
    {
        var coverage = new ModelCoverage();
        PropertyRuns.Check(ModelScenario.Arbitrary(MaxCommands, shrink: true),
            scenario => PropertyRuns.Run(() => ModelRun.RunAsync(scenario, coverage)), defaultRuns: 100);
        output.WriteLine($"coverage: {coverage}");
        if (PropertyRuns.IsReplay)
        {
            return;
        }

        // Not vacuous: the runs reached the outcomes that matter. Only outcomes seen dozens of times per default run
        // are required (rarer ones are only printed above), so this cannot flake.
        foreach (var what in new[]
                 {
                     "get Found", "get NoMatchedMessage", "get OffsetTooSmall", "get OffsetOverflowOne",
                     "get OffsetOverflowBadly", "get NoMatchedLogicQueue", "multi-record entry", "crash restart",
                     "clean restart", "retention boundary moved", "queue minimum moved", "put refused, disk full",
                     "query found some", "lookup Found", "lookup MessageWasRemoving", "follower from snapshot",
                 })
        {
            Assert.True(coverage[what] > 0, $"no case reached '{what}'; coverage: {coverage}");
        }
    }

    /// <summary>The canary: a model wrong by one in a single field must make the property fail (with a replay pair
    /// in the message), or the property could not fail at all.</summary>
    [Fact]
    public void Canary_a_model_off_by_one_is_caught()
    {
        var error = Assert.ThrowsAny<Exception>(() => PropertyRuns.CheckSeeded(
            ModelScenario.Arbitrary(MaxCommands, shrink: false),
            scenario => PropertyRuns.Run(() => ModelRun.RunAsync(scenario, new ModelCoverage(), plantOffByOne: true)),
            runs: 30, seed: 4242));
        output.WriteLine(error.Message);
        Assert.Contains("next begin offset", error.Message, StringComparison.Ordinal);
    }
}
