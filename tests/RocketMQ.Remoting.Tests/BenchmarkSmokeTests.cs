using RocketMQ.Benchmarks;
using RocketMQ.Common.Protocol;

namespace RocketMQ.Remoting.Tests;

/// <summary>Runs each benchmark body once so the benchmarks keep compiling and keep measuring real work.</summary>
public class BenchmarkSmokeTests
{
    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public void Frame_decode_benchmark_bodies_do_the_work_they_claim(SerializeType serializeType)
    {
        var benchmark = new FrameDecodeBenchmark { Serialization = serializeType };
        benchmark.Setup();

        Assert.Equal(FrameDecodeBenchmark.FramesPerBuffer, benchmark.FramingOnly());
        Assert.Equal(FrameDecodeBenchmark.FramesPerBuffer * 1024, benchmark.DecodeCommands());
        Assert.True(benchmark.EncodeCommands() > FrameDecodeBenchmark.FramesPerBuffer * 1024);
    }
}
