using RocketMQ.Benchmarks;

namespace RocketMQ.Store.Tests.Store;

/// <summary>Runs the store benchmark bodies once so they keep compiling and keep doing the work they measure.</summary>
public sealed class StoreBenchmarkSmokeTests
{
    [Fact]
    public async Task Apply_and_get_benchmarks_do_their_work()
    {
        var benchmark = new StoreBenchmark();
        benchmark.Setup();
        try
        {
            await benchmark.Apply();
            Assert.Equal(StoreBenchmark.MessagesPerGet, await benchmark.Get());
        }
        finally
        {
            benchmark.Cleanup();
        }
    }
}
