using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Store.Index;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Index;

public class IndexAllocationTests
{
    [Fact]
    public void Building_the_index_allocates_nothing_in_steady_state()
    {
        const int Warmup = 1_000;
        const int Measured = 10_000;
        using var directory = new TempDirectory();

        // Room for every item of the run in one file: the measured calls never start a new file.
        using var service = new IndexService(directory.Path, 1024, (Warmup + Measured) * 3 + 2, NullLogger.Instance);
        service.Recover(null);
        var topic = "TopicTest"u8.ToArray();
        var uniqueKeys = Enumerable.Range(0, 100).Select(i => Encoding.UTF8.GetBytes($"7F00000100{i:D22}")).ToArray();
        var keys = Enumerable.Range(0, 100).Select(i => Encoding.UTF8.GetBytes($"order-{i} \u7528\u6237{i}")).ToArray();

        void Run(int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                var properties = new IndexedProperties { UniqueKey = uniqueKeys[i % 100], Keys = keys[i % 100] };
                service.BuildIndex(topic, properties, i, 1_700_000_000_000 + i, transactionType: 0);
            }
        }

        Run(1, Warmup);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(1 + Warmup, Measured);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Single(service.FileNames);
        Assert.Equal(10, service.Query("TopicTest", "order-7", 10, 0, long.MaxValue).CommitLogOffsets.Count);
    }
}
