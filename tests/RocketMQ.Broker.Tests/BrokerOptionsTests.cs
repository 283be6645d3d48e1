using RocketMQ.Broker.Hosting;
using RocketMQ.Common.Configuration;
using RocketMQ.Testing;

namespace RocketMQ.Broker.Tests;

/// <summary>broker.conf binding and validation, and the configuration files shipped under conf/.</summary>
public sealed class BrokerOptionsTests
{
    [Theory]
    [InlineData("listenPort", "70000")]
    [InlineData("listenPort", "abc")]
    [InlineData("brokerIP1", "not-an-ip")]
    [InlineData("namesrvAddr", "127.0.0.1")]
    [InlineData("brokerName", "two words")]
    [InlineData("defaultTopicQueueNums", "0")]
    [InlineData("brokerPermission", "9")]
    [InlineData("aclEnable", "true")]
    [InlineData("brokerRole", "LEADER")]
    [InlineData("brokerRole", "SLAVE")]
    [InlineData("flushDiskType", "SOMETIMES")]
    [InlineData("autoCreateTopicEnable", "yes")]
    [InlineData("maxMessageSize", "-1")]
    [InlineData("dLegerMaxBatchBytes", "1024")]
    [InlineData("preferredLeaderId", "n7")]
    [InlineData("testOnlyAckBeforeCommit", "yes")]
    public void A_bad_value_stops_startup_naming_its_key(string key, string value)
    {
        var options = new BrokerOptions();

        var error = Assert.Throws<ConfigurationException>(() =>
        {
            BrokerOptions.Binder.Bind(options, new Dictionary<string, string> { [key] = value });
            options.Validate();
        });

        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void The_ack_before_commit_canary_is_off_unless_set_and_not_changeable_at_runtime()
    {
        var options = new BrokerOptions();
        Assert.False(options.TestOnlyAckBeforeCommit);

        BrokerOptions.Binder.Bind(options, new Dictionary<string, string> { ["testOnlyAckBeforeCommit"] = "true" });

        Assert.True(options.TestOnlyAckBeforeCommit);
        Assert.False(BrokerOptions.Binder.IsRuntimeUpdatable("testOnlyAckBeforeCommit"));
    }

    [Fact]
    public void An_entry_larger_than_a_commit_log_offset_can_address_is_refused()
    {
        var options = new BrokerOptions();
        BrokerOptions.Binder.Bind(options, new Dictionary<string, string>
        {
            ["dLegerMaxBatchBytes"] = "16777216",
            ["dLegerReplicationChunkBytes"] = "16777216",
            ["dLegerChunkSizeBytes"] = "67108864",
        });

        Assert.Equal("dLegerMaxBatchBytes", Assert.Throws<ConfigurationException>(options.Validate).Key);
    }

    public static TheoryData<string> ShippedConfigs() =>
        [.. Directory.GetFiles(RepositoryRoot.Combine("conf"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".conf", StringComparison.Ordinal)
                || f.EndsWith(".properties", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ShippedConfigs))]
    public void Every_shipped_config_loads_without_unknown_keys(string relativePath)
    {
        var (options, unknown) = BrokerStartup.LoadOptions(Path.Combine(RepositoryRoot.Path, relativePath), null);

        Assert.Empty(unknown);
        Assert.Contains(options.ToDLedgerOptions().PeerList, p => p.Id == options.DLegerSelfId);
    }

    [Theory]
    [InlineData("2m-2s-async", "a")]
    [InlineData("2m-2s-async", "b")]
    [InlineData("2m-2s-sync", "a")]
    [InlineData("2m-2s-sync", "b")]
    public void A_master_and_its_slave_are_one_raft_group_led_by_the_master(string layout, string broker)
    {
        var master = Load($"conf/{layout}/broker-{broker}.properties").ToDLedgerOptions();
        var slave = Load($"conf/{layout}/broker-{broker}-s.properties").ToDLedgerOptions();

        Assert.Equal(master.Group, slave.Group);
        Assert.Equal(master.Peers, slave.Peers);
        Assert.Equal(2, master.PeerList.Count);
        Assert.NotEqual(master.SelfId, slave.SelfId);
        Assert.Equal(master.SelfId, master.PreferredLeaderId);
        Assert.Equal(master.SelfId, slave.PreferredLeaderId);
    }

    [Fact]
    public void Masters_without_slaves_are_groups_of_one()
    {
        var a = Load("conf/2m-noslave/broker-a.properties");
        var b = Load("conf/2m-noslave/broker-b.properties");

        Assert.Single(a.ToDLedgerOptions().PeerList);
        Assert.Equal(("broker-a", "broker-b"), (a.ToDLedgerOptions().Group, b.ToDLedgerOptions().Group));
    }

    private static BrokerOptions Load(string relativePath) =>
        BrokerStartup.LoadOptions(Path.Combine(RepositoryRoot.Path, relativePath), null).Options;
}
