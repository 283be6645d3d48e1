using System.Text;
using Microsoft.Extensions.Time.Testing;
using RocketMQ.Common.Configuration;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.NameServer.Tests;

public sealed class KvAndConfigProcessorTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("namesrv-kv-").FullName;
    private readonly NameServerController _controller;

    public KvAndConfigProcessorTests() => _controller = Requests.Controller(new FakeTimeProvider(), _directory);

    public async ValueTask DisposeAsync()
    {
        await _controller.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Kv_put_get_list_delete_and_persisted_atomically()
    {
        var put = await DispatchAsync(Requests.Kv(RequestCode.PutKvConfig, "ns", "k1", "v1"));
        Assert.Equal(ResponseCode.Success, put.Code);
        await DispatchAsync(Requests.Kv(RequestCode.PutKvConfig, "ns", "k2", "v2"));
        await DispatchAsync(Requests.Kv(RequestCode.PutKvConfig, "ns", "k1", "v1b"));

        var get = await DispatchAsync(Requests.Kv(RequestCode.GetKvConfig, "ns", "k1"));
        Assert.Equal("v1b", get.DecodeHeader<KvValueHeader>().Value);
        var list = Requests.Body(await DispatchAsync(Requests.Kv(RequestCode.GetKvListByNamespace, "ns")),
            RemotingJsonContext.Default.KvTable);
        Assert.Equal(new Dictionary<string, string> { ["k1"] = "v1b", ["k2"] = "v2" }, list.Table);

        var path = Path.Combine(_directory, "kvConfig.json");
        Assert.Contains("\"configTable\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.True(File.Exists(path + ".bak"));
        Assert.False(File.Exists(path + ".tmp"));

        await DispatchAsync(Requests.Kv(RequestCode.DeleteKvConfig, "ns", "k1"));
        var missing = await DispatchAsync(Requests.Kv(RequestCode.GetKvConfig, "ns", "k1"));
        Assert.Equal(ResponseCode.QueryNotFound, missing.Code);
        Assert.Equal("No config item, Namespace: ns Key: k1", missing.Remark);
        Assert.Equal(ResponseCode.QueryNotFound,
            (await DispatchAsync(Requests.Kv(RequestCode.GetKvListByNamespace, "empty"))).Code);
    }

    [Fact]
    public async Task Kv_put_without_a_value_names_the_missing_field()
    {
        var response = await DispatchAsync(Requests.Kv(RequestCode.PutKvConfig, "ns", "k1"));

        Assert.Equal(ResponseCode.SystemError, response.Code);
        Assert.Equal("the custom field <value> is null", response.Remark);
    }

    [Fact]
    public async Task Order_topic_config_is_returned_to_brokers_and_in_routes_when_enabled()
    {
        await DispatchAsync(Requests.Kv(RequestCode.PutKvConfig, "ORDER_TOPIC_CONFIG", "TopicA", "broker-a:4"));
        await UpdateConfigAsync("orderMessageEnable=true");

        var register = await DispatchAsync(Requests.RegisterBroker("C1", "broker-a", 0, "10.0.0.1:10911", ["TopicA"]));
        var route = Requests.Body(await DispatchAsync(Requests.Route("TopicA")),
            RemotingJsonContext.Default.TopicRouteData);

        Assert.Equal("broker-a:4", RemotingJson.Deserialize(register.Body, RemotingJsonContext.Default.KvTable)
            .Table["TopicA"]);
        Assert.Equal("broker-a:4", route.OrderTopicConf);
    }

    [Fact]
    public async Task Config_get_returns_properties_and_update_applies_runtime_keys()
    {
        var update = await UpdateConfigAsync("brokerChannelExpiredTime=30000\nscanNotActiveBrokerInterval=1000");

        Assert.Equal(ResponseCode.Success, update.Code);
        var properties = await GetConfigAsync();
        Assert.Equal("30000", properties["brokerChannelExpiredTime"]);
        Assert.Equal("1000", properties["scanNotActiveBrokerInterval"]);
        Assert.Equal("0", properties["listenPort"]);
    }

    [Theory]
    [InlineData("listenPort=1234", ResponseCode.NoPermission, "listenPort")]
    [InlineData("kvConfigPath=/tmp/x", ResponseCode.NoPermission, "kvConfigPath")]
    [InlineData("noSuchKey=1", ResponseCode.SystemError, "noSuchKey")]
    [InlineData("brokerChannelExpiredTime=soon", ResponseCode.SystemError, "brokerChannelExpiredTime")]
    [InlineData("brokerChannelExpiredTime=-5", ResponseCode.SystemError, "brokerChannelExpiredTime")]
    public async Task Config_update_rejects_bad_keys_and_values_and_changes_nothing(
        string body, int code, string key)
    {
        var before = await GetConfigAsync();

        var response = await UpdateConfigAsync("orderMessageEnable=true\n" + body);

        Assert.Equal(code, response.Code);
        Assert.Contains(key, response.Remark, StringComparison.Ordinal);
        Assert.Equal(before, await GetConfigAsync());
    }

    private async Task<Dictionary<string, string>> GetConfigAsync()
    {
        var response = await DispatchAsync(RemotingCommand.CreateRequest(RequestCode.GetNameServerConfig));
        Assert.Equal(ResponseCode.Success, response.Code);
        return JavaProperties.Parse(Encoding.UTF8.GetString(response.Body.Span));
    }

    private Task<RemotingCommand> UpdateConfigAsync(string properties)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.UpdateNameServerConfig);
        request.Body = Encoding.UTF8.GetBytes(properties);
        return DispatchAsync(request);
    }

    private async Task<RemotingCommand> DispatchAsync(RemotingCommand request) =>
        (await _controller.Dispatcher.DispatchAsync(request, new FakeChannel("10.9.9.9:1"), CancellationToken.None))!;
}

public sealed class KvPersistenceFailureTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("namesrv-kvfail-").FullName;

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Failed_write_answers_an_error_and_leaves_the_value_unchanged()
    {
        // The parent of kvConfig.json is a regular file, so the write fails (works as root too).
        var blocker = Path.Combine(_directory, "blocker");
        await File.WriteAllTextAsync(blocker, "not a directory");
        await using var controller = new NameServerController(new NameServerOptions
        {
            ListenPort = 0,
            KvConfigPath = Path.Combine(blocker, "kvConfig.json"),
        }, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, new FakeTimeProvider());
        var channel = new FakeChannel("10.9.9.9:1");

        var put = await controller.Dispatcher.DispatchAsync(
            Requests.Kv(RequestCode.PutKvConfig, "ns", "k", "v"), channel, CancellationToken.None);
        var get = await controller.Dispatcher.DispatchAsync(
            Requests.Kv(RequestCode.GetKvConfig, "ns", "k"), channel, CancellationToken.None);

        Assert.Equal(ResponseCode.SystemError, put!.Code);
        Assert.Equal(ResponseCode.QueryNotFound, get!.Code);
    }
}
