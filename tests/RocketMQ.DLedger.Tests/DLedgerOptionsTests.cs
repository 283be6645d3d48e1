using RocketMQ.Common.Configuration;

namespace RocketMQ.DLedger.Tests;

public class DLedgerOptionsTests
{
    [Fact]
    public void Seed_style_configuration_parses()
    {
        var options = Options(" n0-127.0.0.1:40911; n1-127.0.0.1:40912;n2-broker-host-3:40913; ", "n1");

        options.Validate();

        Assert.Equal(["n0", "n1", "n2"], options.PeerList.Select(p => p.Id));
        Assert.Equal(new DLedgerPeer("n1", "127.0.0.1", 40912), options.Self);
        Assert.Equal(new DLedgerPeer("n2", "broker-host-3", 40913), options.PeerList[2]);
    }

    [Fact]
    public void Single_node_group_is_valid()
    {
        var options = Options("n0-127.0.0.1:40911", "n0");

        options.Validate();

        Assert.Single(options.PeerList);
    }

    [Theory]
    [InlineData("", "n0", "dLegerPeers")]
    [InlineData(";;", "n0", "dLegerPeers")]
    [InlineData("n0127.0.0.1:40911", "n0", "dLegerPeers")]
    [InlineData("n0-127.0.0.1", "n0", "dLegerPeers")]
    [InlineData("n0-127.0.0.1:", "n0", "dLegerPeers")]
    [InlineData("-127.0.0.1:40911", "n0", "dLegerPeers")]
    [InlineData("n0-127.0.0.1:port", "n0", "dLegerPeers")]
    [InlineData("n0-127.0.0.1:70000", "n0", "dLegerPeers")]
    [InlineData("n0-127.0.0.1:40911;n0-127.0.0.1:40912", "n0", "dLegerPeers")]
    [InlineData("n0-127.0.0.1:40911;n1-127.0.0.1:40911", "n0", "dLegerPeers")]
    [InlineData("n0-127.0.0.1:40911;n1-127.0.0.1:40912", "n5", "dLegerSelfId")]
    [InlineData("n0-127.0.0.1:40911", "", "dLegerSelfId")]
    public void Bad_settings_are_reported_with_their_key(string peers, string selfId, string key)
    {
        var options = Options(peers, selfId);

        var error = Assert.Throws<ConfigurationException>(options.Validate);

        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void Missing_group_and_storage_path_name_their_keys()
    {
        var noGroup = Options("n0-127.0.0.1:40911", "n0");
        noGroup.Group = "";
        var noPath = Options("n0-127.0.0.1:40911", "n0");
        noPath.StoragePath = " ";

        Assert.Equal("dLegerGroup", Assert.Throws<ConfigurationException>(noGroup.Validate).Key);
        Assert.Equal("storePathRootDir", Assert.Throws<ConfigurationException>(noPath.Validate).Key);
    }

    private static DLedgerOptions Options(string peers, string selfId) => new()
    {
        Group = "RaftNode00",
        Peers = peers,
        SelfId = selfId,
        StoragePath = "/tmp/dledger",
    };
}
