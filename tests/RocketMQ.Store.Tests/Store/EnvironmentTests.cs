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

    [Theory]
    [InlineData(252L, 236L, 78L, 16.0 / 94)] // this box: a large reserve for another user is not "used"
    [InlineData(100L, 40L, 40L, 0.6)] // no reserve: used / total
    [InlineData(100L, 5L, 0L, 1.0)] // only the reserve left: full for us
    [InlineData(0L, 0L, 0L, 0.0)] // nothing reported
    public void Usage_is_used_over_used_plus_usable_as_df_and_RocketMQ_count_it(long total, long free, long usable,
        double expected)
    {
        Assert.Equal(expected, MessageStoreEnvironment.UsedShare(total, free, usable), precision: 6);
    }
}
