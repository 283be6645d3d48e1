using Microsoft.Extensions.Time.Testing;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.NameServer.Tests;

/// <summary>Registration and route queries through the name server's dispatcher (no sockets).</summary>
public sealed class RouteProcessorTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("namesrv-unit-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20_000));
    private readonly NameServerController _controller;

    public RouteProcessorTests() => _controller = Requests.Controller(_time, _directory);

    public async ValueTask DisposeAsync()
    {
        await _controller.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Master_and_slave_in_two_clusters_form_routes_and_cluster_info()
    {
        await RegisterAsync("C1", "broker-a", 0, "10.0.0.1:10911", ["TopicA", "Shared"]);
        var slave = await RegisterAsync("C1", "broker-a", 1, "10.0.0.2:10911", ["TopicA", "Shared"]);
        await RegisterAsync("C2", "broker-b", 0, "10.0.0.3:10911", ["TopicB", "Shared"]);

        var slaveHeader = slave.DecodeHeader<RegisterBrokerResponseHeader>();
        Assert.Equal("10.0.0.1:10911", slaveHeader.MasterAddr);
        Assert.Equal("10.0.0.1:11911", slaveHeader.HaServerAddr);

        var shared = await RouteAsync("Shared");
        Assert.Equal(["broker-a", "broker-b"], shared.QueueDatas.Select(q => q.BrokerName));
        var brokerA = shared.BrokerDatas.Single(b => b.BrokerName == "broker-a");
        Assert.Equal("C1", brokerA.Cluster);
        Assert.Equal("10.0.0.1:10911", brokerA.BrokerAddrs[0]);
        Assert.Equal("10.0.0.2:10911", brokerA.BrokerAddrs[1]);

        var topicB = await RouteAsync("TopicB");
        Assert.Equal("broker-b", Assert.Single(topicB.QueueDatas).BrokerName);
        Assert.Equal(4, topicB.QueueDatas[0].WriteQueueNums);

        var cluster = await ClusterInfoAsync();
        Assert.Equal(["broker-a"], cluster.ClusterAddrTable["C1"]);
        Assert.Equal(["broker-b"], cluster.ClusterAddrTable["C2"]);
        Assert.Equal(2, cluster.BrokerAddrTable["broker-a"].BrokerAddrs.Count);
    }

    [Fact]
    public async Task Topic_lists_all_and_by_cluster_and_system()
    {
        await RegisterAsync("C1", "broker-a", 0, "10.0.0.1:10911", ["TopicA", "Shared"]);
        await RegisterAsync("C2", "broker-b", 0, "10.0.0.3:10911", ["TopicB", "Shared"]);

        Assert.Equal(["Shared", "TopicA", "TopicB"], await TopicsAsync(RemotingCommand.CreateRequest(
            RequestCode.GetAllTopicListFromNameServer)));
        Assert.Equal(["Shared", "TopicB"], await TopicsAsync(RemotingCommand.CreateRequest(
            RequestCode.GetTopicsByCluster, new ClusterHeader { Cluster = "C2" })));
        Assert.Empty(await TopicsAsync(RemotingCommand.CreateRequest(
            RequestCode.GetTopicsByCluster, new ClusterHeader { Cluster = "nope" })));
        Assert.Equal(["C1", "C2", "broker-a", "broker-b"], await TopicsAsync(RemotingCommand.CreateRequest(
            RequestCode.GetSystemTopicListFromNameServer)));
    }

    [Fact]
    public async Task Unknown_topic_is_TOPIC_NOT_EXIST_with_a_remark()
    {
        var response = await DispatchAsync(Requests.Route("Missing"));

        Assert.Equal(ResponseCode.TopicNotExist, response.Code);
        Assert.Equal("No topic route info in name server for the topic: Missing", response.Remark);
    }

    [Fact]
    public async Task Unregistering_the_last_member_removes_the_group_its_cluster_and_its_topics()
    {
        await RegisterAsync("C1", "broker-a", 0, "10.0.0.1:10911", ["TopicA"]);
        await RegisterAsync("C1", "broker-a", 1, "10.0.0.2:10911", ["TopicA"]);

        await UnregisterAsync("C1", "broker-a", 0, "10.0.0.1:10911");
        var afterMaster = await RouteAsync("TopicA");
        Assert.Equal([1L], afterMaster.BrokerDatas.Single().BrokerAddrs.Keys);

        await UnregisterAsync("C1", "broker-a", 1, "10.0.0.2:10911");
        Assert.Equal(ResponseCode.TopicNotExist, (await DispatchAsync(Requests.Route("TopicA"))).Code);
        var cluster = await ClusterInfoAsync();
        Assert.Empty(cluster.ClusterAddrTable);
        Assert.Empty(cluster.BrokerAddrTable);
    }

    [Fact]
    public async Task Slave_promoted_to_master_keeps_a_single_record_for_its_address()
    {
        await RegisterAsync("C1", "broker-a", 1, "10.0.0.2:10911", ["TopicA"]);

        await RegisterAsync("C1", "broker-a", 0, "10.0.0.2:10911", ["TopicA"], counter: 2);

        var route = await RouteAsync("TopicA");
        Assert.Equal(new Dictionary<long, string> { [0] = "10.0.0.2:10911" }, route.BrokerDatas.Single().BrokerAddrs);
    }

    [Fact]
    public async Task Queue_data_changes_only_when_the_data_version_changes()
    {
        await RegisterAsync("C1", "broker-a", 0, "10.0.0.1:10911", ["TopicA"], counter: 1);
        await DispatchAsync(RemotingCommand.CreateRequest(RequestCode.DeleteTopicInNameServer,
            new TopicHeader { Topic = "TopicA" }));

        await RegisterAsync("C1", "broker-a", 0, "10.0.0.1:10911", ["TopicA"], counter: 1);
        Assert.Equal(ResponseCode.TopicNotExist, (await DispatchAsync(Requests.Route("TopicA"))).Code);

        await RegisterAsync("C1", "broker-a", 0, "10.0.0.1:10911", ["TopicA"], counter: 2);
        Assert.Single((await RouteAsync("TopicA")).QueueDatas);
    }

    [Fact]
    public async Task Wipe_write_perm_clears_the_write_bit_on_every_topic_of_the_broker()
    {
        await RegisterAsync("C1", "broker-a", 0, "10.0.0.1:10911", ["T1", "T2"]);
        await RegisterAsync("C2", "broker-b", 0, "10.0.0.3:10911", ["T1"]);

        var response = await DispatchAsync(RemotingCommand.CreateRequest(RequestCode.WipeWritePermOfBroker,
            new BrokerNameHeader { BrokerName = "broker-a" }));

        Assert.Equal(2, response.DecodeHeader<WipeWritePermResponseHeader>().WipeTopicCount);
        var t1 = await RouteAsync("T1");
        Assert.Equal((int)Permission.Read, t1.QueueDatas.Single(q => q.BrokerName == "broker-a").Perm);
        Assert.Equal((int)Permission.ReadWrite, t1.QueueDatas.Single(q => q.BrokerName == "broker-b").Perm);
    }

    [Fact]
    public async Task Query_data_version_reports_change_and_refreshes_liveness()
    {
        await RegisterAsync("C1", "broker-a", 0, "10.0.0.1:10911", ["TopicA"], counter: 5);
        _time.Advance(TimeSpan.FromSeconds(100));

        var same = await QueryDataVersionAsync(5);
        var changed = await QueryDataVersionAsync(6);
        _time.Advance(TimeSpan.FromSeconds(30));
        _controller.RouteInfo.ScanNotActiveBrokers();

        Assert.False(same.DecodeHeader<QueryDataVersionResponseHeader>().Changed);
        Assert.True(changed.DecodeHeader<QueryDataVersionResponseHeader>().Changed);
        Assert.Equal(5, RemotingJson.Deserialize(same.Body, RemotingJsonContext.Default.DataVersion).Counter);
        Assert.Contains("10.0.0.1:10911", _controller.RouteInfo.LiveBrokerAddresses());
    }

    [Fact]
    public async Task Silent_broker_expires_and_its_channel_is_closed()
    {
        var channel = new FakeChannel("10.0.0.1:5555");
        await RegisterAsync("C1", "broker-a", 0, "10.0.0.1:10911", ["TopicA"], channel: channel);

        _time.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(0, _controller.RouteInfo.ScanNotActiveBrokers());
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, _controller.RouteInfo.ScanNotActiveBrokers());

        Assert.Equal(ResponseCode.TopicNotExist, (await DispatchAsync(Requests.Route("TopicA"))).Code);
        Assert.Contains("expired", channel.CloseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compressed_register_body_is_accepted()
    {
        var response = await DispatchAsync(Requests.RegisterBroker("C1", "broker-a", 0, "10.0.0.1:10911",
            ["Zipped"], compressed: true));

        Assert.Equal(ResponseCode.Success, response.Code);
        Assert.Equal(4, (await RouteAsync("Zipped")).QueueDatas.Single().ReadQueueNums);
    }

    [Fact]
    public async Task Bad_crc_missing_field_and_bad_body_are_errors_with_remarks()
    {
        var badCrc = Requests.RegisterBroker("C1", "broker-a", 0, "10.0.0.1:10911", ["T"]);
        badCrc.SetExtField("bodyCrc32", "12345");
        var missing = Requests.RegisterBroker("C1", "broker-a", 0, "10.0.0.1:10911", ["T"]);
        missing.ExtFields!.Remove("brokerAddr");
        var badJson = Requests.RegisterBroker("C1", "broker-a", 0, "10.0.0.1:10911", ["T"], withCrc: false);
        badJson.Body = "{not json"u8.ToArray();
        var badZip = Requests.RegisterBroker("C1", "broker-a", 0, "10.0.0.1:10911", ["T"], compressed: true,
            withCrc: false);
        badZip.Body = new byte[] { 1, 2, 3 };

        Assert.Equal("crc32 not match", (await DispatchAsync(badCrc)).Remark);
        Assert.Equal("the custom field <brokerAddr> is null", (await DispatchAsync(missing)).Remark);
        var json = await DispatchAsync(badJson);
        Assert.Equal(ResponseCode.SystemError, json.Code);
        Assert.Contains("not a valid RegisterBrokerBody", json.Remark, StringComparison.Ordinal);
        Assert.Contains("malformed", (await DispatchAsync(badZip)).Remark, StringComparison.Ordinal);
        Assert.Empty(_controller.RouteInfo.LiveBrokerAddresses());
    }

    private async Task<RemotingCommand> RegisterAsync(string cluster, string name, long id, string addr,
        string[] topics, long counter = 1, FakeChannel? channel = null)
    {
        var response = await DispatchAsync(Requests.RegisterBroker(cluster, name, id, addr, topics, counter),
            channel);
        Assert.True(response.Code == ResponseCode.Success, response.Remark);
        return response;
    }

    private Task<RemotingCommand> UnregisterAsync(string cluster, string name, long id, string addr) =>
        DispatchAsync(RemotingCommand.CreateRequest(RequestCode.UnregisterBroker, new BrokerIdentityHeader
        {
            ClusterName = cluster,
            BrokerName = name,
            BrokerId = id,
            BrokerAddr = addr,
        }));

    private Task<RemotingCommand> QueryDataVersionAsync(long counter)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.QueryDataVersion, new BrokerIdentityHeader
        {
            ClusterName = "C1",
            BrokerName = "broker-a",
            BrokerId = 0,
            BrokerAddr = "10.0.0.1:10911",
        });
        request.Body = RemotingJson.Serialize(new DataVersion { Timestamp = 1000, Counter = counter },
            RemotingJsonContext.Default.DataVersion);
        return DispatchAsync(request);
    }

    private async Task<ClusterInfo> ClusterInfoAsync() =>
        Requests.Body(await DispatchAsync(RemotingCommand.CreateRequest(RequestCode.GetBrokerClusterInfo)),
            RemotingJsonContext.Default.ClusterInfo);

    private async Task<TopicRouteData> RouteAsync(string topic) =>
        Requests.Body(await DispatchAsync(Requests.Route(topic)), RemotingJsonContext.Default.TopicRouteData);

    private async Task<string[]> TopicsAsync(RemotingCommand request) =>
        [.. Requests.Body(await DispatchAsync(request), RemotingJsonContext.Default.TopicList).Topics];

    private async Task<RemotingCommand> DispatchAsync(RemotingCommand request, FakeChannel? channel = null) =>
        (await _controller.Dispatcher.DispatchAsync(request, channel ?? new FakeChannel("10.9.9.9:1"),
            CancellationToken.None))!;
}
