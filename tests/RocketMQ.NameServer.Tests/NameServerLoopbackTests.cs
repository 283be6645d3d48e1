using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Remoting.Transport;

namespace RocketMQ.NameServer.Tests;

/// <summary>A started name server (controller + TCP server) driven over real loopback sockets.</summary>
public sealed class NameServerLoopbackTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("namesrv-tcp-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20_000));
    private readonly List<TcpRemotingClient> _clients = [];
    private NameServerController _controller = null!;

    private string Address => $"127.0.0.1:{_controller.ListenEndPoint!.Port}";

    public async Task InitializeAsync()
    {
        // Idle close is set far out so that only the broker-expiry rule acts when the fake clock jumps.
        _controller = Requests.Controller(_time, _directory, idleSeconds: 3600);
        await _controller.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _controller.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task Two_brokers_in_two_clusters_are_routed_in_either_serialization(SerializeType serializeType)
    {
        var brokerA = NewClient();
        var brokerB = NewClient();
        await InvokeOkAsync(brokerA, Requests.RegisterBroker("C1", "broker-a", 0, "127.0.0.1:10911",
            ["TopicA", "Shared"], serializeType: serializeType));
        await InvokeOkAsync(brokerB, Requests.RegisterBroker("C2", "broker-b", 0, "127.0.0.1:20911",
            ["Shared"], serializeType: serializeType));
        var client = NewClient();

        var response = await client.InvokeAsync(Address, Requests.Route("Shared", serializeType), Deadline);

        Assert.Equal(serializeType, response.SerializeType);
        var route = Requests.Body(response, RemotingJsonContext.Default.TopicRouteData);
        Assert.Equal(["broker-a", "broker-b"], route.BrokerDatas.Select(b => b.BrokerName).Order());
        var cluster = Requests.Body(await client.InvokeAsync(Address,
            RemotingCommand.CreateRequest(RequestCode.GetBrokerClusterInfo), Deadline),
            RemotingJsonContext.Default.ClusterInfo);
        Assert.Equal(["C1", "C2"], cluster.ClusterAddrTable.Keys.Order());
        var topics = Requests.Body(await client.InvokeAsync(Address,
            RemotingCommand.CreateRequest(RequestCode.GetAllTopicListFromNameServer), Deadline),
            RemotingJsonContext.Default.TopicList);
        Assert.Equal(["Shared", "TopicA"], topics.Topics);
        var byCluster = Requests.Body(await client.InvokeAsync(Address,
            RemotingCommand.CreateRequest(RequestCode.GetTopicsByCluster, new ClusterHeader { Cluster = "C2" }),
            Deadline), RemotingJsonContext.Default.TopicList);
        Assert.Equal(["Shared"], byCluster.Topics);
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task Unknown_topic_is_TOPIC_NOT_EXIST_in_either_serialization(SerializeType serializeType)
    {
        var response = await NewClient().InvokeAsync(Address, Requests.Route("Nope", serializeType), Deadline);

        Assert.Equal(ResponseCode.TopicNotExist, response.Code);
        Assert.Equal(serializeType, response.SerializeType);
    }

    [Fact]
    public async Task Broker_is_removed_at_once_when_its_connection_closes()
    {
        var removed = WhenRemoved("127.0.0.1:10911");
        var broker = NewClient();
        await InvokeOkAsync(broker, Requests.RegisterBroker("C1", "broker-a", 0, "127.0.0.1:10911", ["TopicA"]));

        broker.CloseChannel(Address);

        await removed.WaitAsync(Deadline);
        var response = await NewClient().InvokeAsync(Address, Requests.Route("TopicA"), Deadline);
        Assert.Equal(ResponseCode.TopicNotExist, response.Code);
    }

    [Fact]
    public async Task Silent_broker_expires_after_120_seconds_of_fake_time()
    {
        var removed = WhenRemoved("127.0.0.1:10911");
        // Each broker has its own connection, as real brokers do (expiry closes the silent one's connection).
        var silent = NewClient();
        var chatty = NewClient();
        await InvokeOkAsync(silent, Requests.RegisterBroker("C1", "broker-a", 0, "127.0.0.1:10911", ["TopicA"]));
        await InvokeOkAsync(chatty, Requests.RegisterBroker("C2", "broker-b", 0, "127.0.0.1:20911", ["TopicB"]));

        _time.Advance(TimeSpan.FromSeconds(60));
        await InvokeOkAsync(chatty, Requests.RegisterBroker("C2", "broker-b", 0, "127.0.0.1:20911", ["TopicB"]));
        _time.Advance(TimeSpan.FromSeconds(65));

        await removed.WaitAsync(Deadline);
        var client = NewClient();
        Assert.Equal(ResponseCode.TopicNotExist, (await client.InvokeAsync(Address, Requests.Route("TopicA"),
            Deadline)).Code);
        Assert.Equal(ResponseCode.Success, (await client.InvokeAsync(Address, Requests.Route("TopicB"),
            Deadline)).Code);
    }

    [Fact]
    public async Task Wipe_write_perm_over_tcp()
    {
        var broker = NewClient();
        await InvokeOkAsync(broker, Requests.RegisterBroker("C1", "broker-a", 0, "127.0.0.1:10911", ["T1", "T2"]));

        var response = await InvokeOkAsync(NewClient(), RemotingCommand.CreateRequest(
            RequestCode.WipeWritePermOfBroker, new BrokerNameHeader { BrokerName = "broker-a" }));

        Assert.Equal(2, response.DecodeHeader<WipeWritePermResponseHeader>().WipeTopicCount);
        var route = Requests.Body(await NewClient().InvokeAsync(Address, Requests.Route("T1"), Deadline),
            RemotingJsonContext.Default.TopicRouteData);
        Assert.Equal((int)Permission.Read, route.QueueDatas.Single().Perm);
    }

    [Fact]
    public async Task Kv_config_survives_a_restart()
    {
        await InvokeOkAsync(NewClient(), Requests.Kv(RequestCode.PutKvConfig, "ns", "key", "value ✓"));
        await _controller.DisposeAsync();

        _controller = Requests.Controller(_time, _directory, idleSeconds: 3600);
        await _controller.StartAsync();

        var response = await InvokeOkAsync(NewClient(), Requests.Kv(RequestCode.GetKvConfig, "ns", "key"));
        Assert.Equal("value ✓", response.DecodeHeader<KvValueHeader>().Value);
    }

    [Fact]
    public async Task Corrupt_kv_file_stops_startup_naming_the_key()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "kvConfig.json"), "{ torn");
        await using var controller = Requests.Controller(_time, _directory);

        var error = await Assert.ThrowsAsync<Common.Configuration.ConfigurationException>(() =>
            controller.StartAsync());

        Assert.Equal("kvConfigPath", error.Key);
    }

    private TcpRemotingClient NewClient()
    {
        var client = new TcpRemotingClient(new RemotingOptions(), null, NullLoggerFactory.Instance,
            TimeProvider.System);
        _clients.Add(client);
        return client;
    }

    private async Task<RemotingCommand> InvokeOkAsync(TcpRemotingClient client, RemotingCommand request)
    {
        var response = await client.InvokeAsync(Address, request, Deadline);
        Assert.True(response.Code == ResponseCode.Success, $"code {response.Code}: {response.Remark}");
        return response;
    }

    private Task WhenRemoved(string brokerAddr)
    {
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _controller.RouteInfo.BrokerRemoved += address =>
        {
            if (address == brokerAddr)
            {
                removed.TrySetResult();
            }
        };
        return removed.Task;
    }
}
