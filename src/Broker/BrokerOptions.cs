using System.Globalization;
using System.Net;
using RocketMQ.Common.Configuration;

namespace RocketMQ.Broker;

/// <summary>
/// A broker's settings under the <c>broker.conf</c> keys RocketMQ users already write (BrokerConfig,
/// MessageStoreConfig and NettyServerConfig names). Store and DLedger settings are carried here and handed to those
/// libraries' own options (<see cref="ToStoreOptions"/>, <see cref="ToDLedgerOptions"/>), which validate them too.
/// Defaults live here and nowhere else.
/// </summary>
public sealed partial class BrokerOptions
{
    /// <summary><c>brokerClusterName</c>.</summary>
    public string BrokerClusterName { get; set; } = "DefaultCluster";

    /// <summary><c>brokerName</c>: the group's name (every member of a Raft group shares it).</summary>
    public string BrokerName { get; set; } = "broker-a";

    /// <summary>
    /// <c>brokerId</c>: in a Raft group the role decides the id the name server sees (leader 0, followers their
    /// <c>dLegerSelfId</c> number + 1); the configured value is accepted for familiarity and otherwise unused.
    /// </summary>
    public long BrokerId { get; set; }

    /// <summary><c>brokerIP1</c>: the address clients reach this broker at (and the STOREHOST of its messages).</summary>
    public string BrokerIP1 { get; set; } = "127.0.0.1";

    /// <summary><c>namesrvAddr</c>: name servers, <c>;</c>-separated <c>host:port</c>.</summary>
    public string NamesrvAddr { get; set; } = "";

    /// <summary><c>listenPort</c>: the client port (10911).</summary>
    public int ListenPort { get; set; } = 10911;

    /// <summary><c>bindAddress</c> (ours): the local address to listen on.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary><c>storePathRootDir</c>: the store's projections and, unless set apart, the Raft log.</summary>
    public string StorePathRootDir { get; set; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "store");

    /// <summary>
    /// <c>storePathCommitLog</c>: where RocketMQ keeps its CommitLog; here the Raft log (the commit log) lives in
    /// <c>&lt;this&gt;/dledger-&lt;dLegerSelfId&gt;</c>. Defaults to <c>storePathRootDir/commitlog</c>.
    /// </summary>
    public string? StorePathCommitLog { get; set; }

    /// <summary>
    /// <c>enableDLegerCommitLog</c>: every broker group here is a Raft group; false (RocketMQ's master/slave
    /// replication) runs the broker as a one-member group, so the same files and guarantees apply.
    /// </summary>
    public bool EnableDLegerCommitLog { get; set; } = true;

    /// <summary><c>dLegerGroup</c> (defaults to <see cref="BrokerName"/>).</summary>
    public string? DLegerGroup { get; set; }

    /// <summary><c>dLegerPeers</c>: <c>n0-host:port;n1-host:port;…</c> (default: this broker alone).</summary>
    public string? DLegerPeers { get; set; }

    /// <summary><c>dLegerSelfId</c> (default <c>n0</c>).</summary>
    public string DLegerSelfId { get; set; } = "n0";

    /// <summary><c>autoCreateTopicEnable</c>: sends to unknown topics create them from TBW102's settings.</summary>
    public bool AutoCreateTopicEnable { get; set; } = true;

    /// <summary><c>defaultTopicQueueNums</c>: queues of an auto-created topic.</summary>
    public int DefaultTopicQueueNums { get; set; } = 8;

    /// <summary><c>autoCreateSubscriptionGroup</c>: unknown consumer groups are created on first use.</summary>
    public bool AutoCreateSubscriptionGroup { get; set; } = true;

    /// <summary><c>brokerPermission</c>: 6 = read and write.</summary>
    public int BrokerPermission { get; set; } = 6;

    /// <summary><c>sendMessageThreadPoolNums</c>: sends processed at once.</summary>
    public int SendMessageThreadPoolNums { get; set; } = Math.Min(Environment.ProcessorCount, 4);

    /// <summary><c>pullMessageThreadPoolNums</c>: pulls processed at once.</summary>
    public int PullMessageThreadPoolNums { get; set; } = 16 + (Environment.ProcessorCount * 2);

    /// <summary><c>aclEnable</c>: RocketMQ ACL 1.0 signature checks (not supported: true stops startup).</summary>
    public bool AclEnable { get; set; }

    /// <summary><c>longPollingEnable</c>: park pulls on an empty queue until a message arrives or they time out.</summary>
    public bool LongPollingEnable { get; set; } = true;

    /// <summary><c>shortPollingTimeMills</c>: how long a pull is held when long polling is off.</summary>
    public long ShortPollingTimeMills { get; set; } = 1000;

    /// <summary><c>notifyConsumerIdsChangedEnable</c>: tell a group's consumers when its membership changes.</summary>
    public bool NotifyConsumerIdsChangedEnable { get; set; } = true;

    /// <summary><c>registerNameServerPeriod</c> (ms): how often the broker re-registers (30 s).</summary>
    public int RegisterNameServerPeriod { get; set; } = 30_000;

    /// <summary><c>registerBrokerTimeoutMills</c>: how long one registration may take.</summary>
    public int RegisterBrokerTimeoutMills { get; set; } = 6000;

    /// <summary><c>flushConsumerOffsetInterval</c> (ms): how often coalesced consumer offsets go through the log.</summary>
    public int FlushConsumerOffsetInterval { get; set; } = 1000;

    /// <summary>
    /// <c>brokerRole</c>: ASYNC_MASTER, SYNC_MASTER or SLAVE — the Raft role replaces it; a SLAVE must name its group's
    /// peers (docs/master-slave-configs.md).
    /// </summary>
    public string BrokerRole { get; set; } = "ASYNC_MASTER";

    /// <summary><c>flushDiskType</c>: ASYNC_FLUSH or SYNC_FLUSH — the leader always fsyncs before a commit.</summary>
    public string FlushDiskType { get; set; } = "ASYNC_FLUSH";

    /// <summary>
    /// <c>testOnlyAckBeforeCommit</c> (ours, default false): a <b>canary for the chaos tests</b>, never for real use.
    /// When true, SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE are answered SEND_OK as soon as the leader has
    /// queued the messages for the Raft log, before a majority holds them, so killing or partitioning the leader loses
    /// acknowledged messages — which the jepsen-style checker must then report. Nothing else changes.
    /// </summary>
    public bool TestOnlyAckBeforeCommit { get; set; }

    /// <summary>The address registered with name servers and returned in routes.</summary>
    public string BrokerAddress => string.Create(CultureInfo.InvariantCulture, $"{BrokerIP1}:{ListenPort}");

    /// <summary>The name servers (valid after <see cref="Validate"/>).</summary>
    public IReadOnlyList<string> NameServers =>
        [.. NamesrvAddr.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Checks the broker's own keys, then the store's and the log's (each naming the bad key).</summary>
    /// <exception cref="ConfigurationException">The first invalid setting.</exception>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(BrokerClusterName), "brokerClusterName", "must be set");
        Require(!string.IsNullOrWhiteSpace(BrokerName) && !BrokerName.Contains(' ', StringComparison.Ordinal),
            "brokerName", "must be set, without spaces");
        Require(IPAddress.TryParse(BrokerIP1, out _), "brokerIP1", $"'{BrokerIP1}' is not an IP address");
        Require(IPAddress.TryParse(BindAddress, out _), "bindAddress", $"'{BindAddress}' is not an IP address");
        Require(ListenPort is >= 0 and <= 65535, "listenPort", $"must be 0-65535, was {ListenPort}");
        foreach (var server in NameServers)
        {
            Require(server.Contains(':', StringComparison.Ordinal) && int.TryParse(server[(server.LastIndexOf(':') + 1)..],
                    NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535,
                "namesrvAddr", $"'{server}' is not host:port");
        }

        Require(DefaultTopicQueueNums is >= 1 and <= 1024, "defaultTopicQueueNums", "must be 1..1024");
        Require(BrokerPermission is >= 0 and <= 7, "brokerPermission", "must be 0..7 (4 read, 2 write, 1 inherit)");
        Require(SendMessageThreadPoolNums >= 1, "sendMessageThreadPoolNums", "must be at least 1");
        Require(PullMessageThreadPoolNums >= 1, "pullMessageThreadPoolNums", "must be at least 1");
        Require(!AclEnable, "aclEnable", "ACL is not supported by this broker; set aclEnable=false");
        Require(ShortPollingTimeMills is >= 0 and <= 60_000, "shortPollingTimeMills", "must be 0..60000 ms");
        Require(RegisterNameServerPeriod is >= 1000 and <= 60_000, "registerNameServerPeriod", "must be 1000..60000 ms");
        Require(RegisterBrokerTimeoutMills >= 100, "registerBrokerTimeoutMills", "must be at least 100 ms");
        Require(FlushConsumerOffsetInterval is >= 10 and <= 60_000, "flushConsumerOffsetInterval",
            "must be 10..60000 ms");
        Require(BrokerRole is "ASYNC_MASTER" or "SYNC_MASTER" or "SLAVE", "brokerRole",
            "must be ASYNC_MASTER, SYNC_MASTER or SLAVE");
        Require(FlushDiskType is "ASYNC_FLUSH" or "SYNC_FLUSH", "flushDiskType", "must be ASYNC_FLUSH or SYNC_FLUSH");
        // A slave alone would be a group of one registering as its brokerName's master next to the real one.
        Require(BrokerRole != "SLAVE" || (EnableDLegerCommitLog && !string.IsNullOrWhiteSpace(DLegerPeers)), "brokerRole",
            "SLAVE is a follower in its master's Raft group here: set enableDLegerCommitLog=true and dLegerPeers "
            + "listing the master and this slave (see conf/2m-2s-async)");
        ToStoreOptions().Validate();
        ToDLedgerOptions().Validate();
        Require(DLedger.MaxBatchBytes <= Common.Messages.CommitLogOffset.MaxEntryBytes, "dLegerMaxBatchBytes",
            "must be at most 8 MiB (a message's commit-log offset holds 23 bits of position in its entry)");
    }

    private static void Require(bool condition, string key, string message)
    {
        if (!condition)
        {
            throw new ConfigurationException(key, message);
        }
    }
}
