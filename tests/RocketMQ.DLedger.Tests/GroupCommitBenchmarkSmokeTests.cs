using RocketMQ.Benchmarks;

namespace RocketMQ.DLedger.Tests;

/// <summary>Runs the group-commit benchmark body once so it keeps compiling and keeps doing the work it measures.</summary>
public class GroupCommitBenchmarkSmokeTests
{
    [Fact]
    public async Task Group_commit_benchmark_commits_every_record_once()
    {
        var benchmark = new GroupCommitBenchmark();
        benchmark.Setup();
        try
        {
            Assert.Equal(GroupCommitBenchmark.RecordsPerInvoke, await benchmark.AppendAndApply());
        }
        finally
        {
            benchmark.Cleanup();
        }
    }
}
