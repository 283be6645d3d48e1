using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Transport;

namespace RocketMQ.NameServer.Tests;

/// <summary>Name servers share nothing: a broker registers with each, and each answers on its own.</summary>
public sealed class SideBySideNameServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("namesrv-pair-").FullName;
    private readonly TcpRemotingClient _broker = new(new RemotingOptions(), null, NullLoggerFactory.Instance,
        TimeProvider.System);

    private NameServerController _first = null!;
    private NameServerController _second = null!;

    public async Task InitializeAsync()
    {
        _first = Requests.Controller(TimeProvider.System, Directory.CreateDirectory(
            Path.Combine(_directory, "ns1")).FullName);
        _second = Requests.Controller(TimeProvider.System, Directory.CreateDirectory(
            Path.Combine(_directory, "ns2")).FullName);
        await _first.StartAsync();
        await _second.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Broker_registered_with_both_is_routed_by_each_and_one_stopping_does_not_affect_the_other()
    {
        foreach (var nameServer in new[] { Address(_first), Address(_second) })
        {
            var response = await _broker.InvokeAsync(nameServer,
                Requests.RegisterBroker("C1", "broker-a", 0, "127.0.0.1:10911", ["TopicA"]), Deadline);
            Assert.Equal(ResponseCode.Success, response.Code);
        }

        var secondAddress = Address(_second);
        await _first.StopAsync();

        var route = await _broker.InvokeAsync(secondAddress, Requests.Route("TopicA"), Deadline);
        Assert.Equal("127.0.0.1:10911", Requests.Body(route, RemotingJsonContext.Default.TopicRouteData)
            .BrokerDatas.Single().BrokerAddrs[0]);
    }

    private static string Address(NameServerController controller) =>
        $"127.0.0.1:{controller.ListenEndPoint!.Port}";
}
