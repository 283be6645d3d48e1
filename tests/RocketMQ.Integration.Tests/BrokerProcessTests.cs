using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Integration.Tests;

/// <summary>The real mqbroker executable: startup with a name server, registration, -p, bad config, SIGTERM.</summary>
public sealed class BrokerProcessTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("broker-it-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_one_member_broker_registers_as_master_with_its_system_topics_and_stops_on_SIGTERM()
    {
        var namesrvPort = HostProcess.FreeTcpPort();
        await using var namesrv = HostProcess.Start("RocketMQ.NameServer", "-l", namesrvPort.ToString(
            System.Globalization.CultureInfo.InvariantCulture), "-c", WriteConfig("namesrv.properties",
            $"kvConfigPath={Path.Combine(_directory, "kv.json")}"));
        await namesrv.WaitForLineAsync("boot success", Deadline);
        var brokerPort = HostProcess.FreeTcpPort();
        var config = WriteConfig("broker.conf", "brokerClusterName=ItCluster", "brokerName=it-broker",
            $"listenPort={brokerPort}", $"namesrvAddr=127.0.0.1:{namesrvPort}",
            $"storePathRootDir={Path.Combine(_directory, "store")}",
            $"dLegerPeers=n0-127.0.0.1:{HostProcess.FreeTcpPort()}", "dLegerSelfId=n0", "someUnknownKey=1");
        await using var broker = HostProcess.Start("RocketMQ.Broker", "-c", config);
        await broker.WaitForLineAsync("as brokerId 0", Deadline);
        Assert.Contains("someUnknownKey", broker.Output, StringComparison.Ordinal);

        await using var client = new Remoting.Transport.TcpRemotingClient(new Remoting.RemotingOptions(), null,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System);
        var request = RemotingCommand.CreateRequest(RequestCode.GetBrokerClusterInfo);
        var response = await client.InvokeAsync($"127.0.0.1:{namesrvPort}", request, TimeSpan.FromSeconds(5));
        var body = System.Text.Encoding.UTF8.GetString(response.Body.Span);
        Assert.Contains("it-broker", body, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{brokerPort}", body, StringComparison.Ordinal);

        broker.Terminate();
        var exitCode = await broker.Exited.WaitAsync(Deadline);
        Assert.True(exitCode == 0, $"exit code {exitCode}. Output:\n{broker.Output}");
    }

    [Fact]
    public async Task Print_config_lists_broker_store_and_raft_keys_and_exits()
    {
        var config = WriteConfig("broker.conf", "brokerName=printed", "fileReservedTime=48",
            "dLegerElectionTimeoutMinMs=300", "dLegerElectionTimeoutMaxMs=600");
        await using var broker = HostProcess.Start("RocketMQ.Broker", "-c", config, "-p");

        var exitCode = await broker.Exited.WaitAsync(Deadline);

        Assert.True(exitCode == 0, broker.Output);
        Assert.Contains("brokerName=printed", broker.Output, StringComparison.Ordinal);
        Assert.Contains("fileReservedTime=48", broker.Output, StringComparison.Ordinal);
        Assert.Contains("dLegerElectionTimeoutMinMs=300", broker.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("listenPort=not-a-port", "listenPort")]
    [InlineData("dLegerPeers=n0-127.0.0.1", "dLegerPeers")]
    [InlineData("dLegerPeers=n0-127.0.0.1:40001;n1-127.0.0.1:40002\ndLegerSelfId=n9", "dLegerSelfId")]
    [InlineData("deleteWhen=25", "deleteWhen")]
    [InlineData("brokerRole=MASTER", "brokerRole")]
    [InlineData("aclEnable=true", "aclEnable")]
    public async Task A_bad_config_value_stops_startup_naming_the_key(string line, string key)
    {
        var config = WriteConfig("broker.conf", $"storePathRootDir={Path.Combine(_directory, "store")}", line);
        await using var broker = HostProcess.Start("RocketMQ.Broker", "-c", config);

        var exitCode = await broker.Exited.WaitAsync(Deadline);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(key, broker.Output, StringComparison.Ordinal);
    }

    private string WriteConfig(string name, params string[] lines)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
