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

    [Theory]
    [InlineData("dLegerElectionTimeoutMinMs")]
    [InlineData("dLegerElectionTimeoutMaxMs")]
    [InlineData("dLegerRequestTimeoutMs")]
    [InlineData("dLegerChunkSizeBytes")]
    [InlineData("dLegerMaxBatchBytes")]
    [InlineData("dLegerReplicationChunkBytes")]
    [InlineData("dLegerMaxInflightBatches")]
    [InlineData("dLegerMinFreeDiskBytes")]
    [InlineData("preferredLeaderId")]
    public void Bad_tuning_values_name_their_key(string key)
    {
        var options = Options("n0-127.0.0.1:40911;n1-127.0.0.1:40912", "n0");
        Action spoil = key switch
        {
            "dLegerElectionTimeoutMinMs" => () => options.ElectionTimeoutMinMs = 10,
            "dLegerElectionTimeoutMaxMs" => () => options.ElectionTimeoutMaxMs = options.ElectionTimeoutMinMs,
            "dLegerRequestTimeoutMs" => () => options.RequestTimeoutMs = 0,
            "dLegerChunkSizeBytes" => () => options.ChunkSizeBytes = 4096,
            "dLegerMaxBatchBytes" => () => options.MaxBatchBytes = options.ChunkSizeBytes + 1,
            "dLegerReplicationChunkBytes" => () => options.ReplicationChunkBytes = options.MaxBatchBytes - 1,
            "dLegerMaxInflightBatches" => () => options.MaxInflightBatches = 0,
            "dLegerMinFreeDiskBytes" => () => options.MinFreeDiskBytes = -1,
            _ => () => options.PreferredLeaderId = "n7",
        };
        spoil();

        var error = Assert.Throws<ConfigurationException>(options.Validate);

        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void Default_tuning_is_valid_and_an_empty_preferred_leader_means_none()
    {
        var options = Options("n0-127.0.0.1:40911;n1-127.0.0.1:40912", "n1");
        options.PreferredLeaderId = "";

        options.Validate();

        Assert.True(options.ElectionTimeoutMaxMs > options.ElectionTimeoutMinMs);
        Assert.True(options.MaxBatchBytes <= options.ChunkSizeBytes);
    }

    private static DLedgerOptions Options(string peers, string selfId) => new()
    {
        Group = "RaftNode00",
        Peers = peers,
        SelfId = selfId,
        StoragePath = "/tmp/dledger",
    };
}
