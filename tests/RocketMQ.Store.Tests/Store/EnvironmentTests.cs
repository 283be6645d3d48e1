namespace RocketMQ.Store.Tests.Store;

public sealed class EnvironmentTests
{
    [Fact]
    public void The_default_disk_usage_probe_reads_the_volume_of_any_directory()
    {
        var directory = Directory.CreateTempSubdirectory("store-env-").FullName;
        try
        {
            var usage = new MessageStoreEnvironment().DiskUsage(Path.Combine(directory));
            Assert.InRange(usage, 0.0, 1.0);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }
}
