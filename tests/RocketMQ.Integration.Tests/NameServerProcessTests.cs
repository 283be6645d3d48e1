using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Transport;

namespace RocketMQ.Integration.Tests;

/// <summary>The real mqnamesrv executable: startup, answers in both serializations, -p, bad config, SIGTERM.</summary>
public sealed class NameServerProcessTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly string _directory = Directory.CreateTempSubdirectory("namesrv-it-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Answers_unknown_topic_with_TOPIC_NOT_EXIST_in_both_serializations_and_stops_on_SIGTERM()
    {
        var port = HostProcess.FreeTcpPort();
        var config = WriteConfig($"listenPort={port}", $"kvConfigPath={Path.Combine(_directory, "kvConfig.json")}");
        var started = Stopwatch.StartNew();
        await using var host = HostProcess.Start("RocketMQ.NameServer", "-c", config);
        await host.WaitForLineAsync("The Name Server boot success", Deadline);

        await using var client = new TcpRemotingClient(new RemotingOptions(), null, NullLoggerFactory.Instance,
            TimeProvider.System);
        foreach (var serializeType in new[] { SerializeType.Json, SerializeType.RocketMq })
        {
            var request = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic);
            request.SetExtField("topic", "NoSuchTopic");
            request.SerializeType = serializeType;

            var response = await client.InvokeAsync($"127.0.0.1:{port}", request, TimeSpan.FromSeconds(5),
                CancellationToken.None);

            Assert.Equal(ResponseCode.TopicNotExist, response.Code);
            Assert.Equal(serializeType, response.SerializeType);
            Assert.Contains("NoSuchTopic", response.Remark, StringComparison.Ordinal);
        }

        // Startup budget is measured by benchmarks/namesrv-startup.sh; here only a loose sanity bound.
        Assert.True(started.Elapsed < Deadline, $"answered after {started.Elapsed}");

        host.Terminate();
        var exitCode = await host.Exited.WaitAsync(Deadline);
        Assert.True(exitCode == 0, $"exit code {exitCode}. Output:\n{host.Output}");
    }

    [Fact]
    public async Task Print_config_lists_the_effective_values_and_exits()
    {
        var config = WriteConfig("listenPort=19876", "orderMessageEnable=true");
        await using var host = HostProcess.Start("RocketMQ.NameServer", "-c", config, "-p");

        var exitCode = await host.Exited.WaitAsync(Deadline);

        Assert.True(exitCode == 0, host.Output);
        Assert.Contains("listenPort=19876", host.Output, StringComparison.Ordinal);
        Assert.Contains("orderMessageEnable=true", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_config_value_stops_startup_naming_the_key()
    {
        var config = WriteConfig("listenPort=not-a-port");
        await using var host = HostProcess.Start("RocketMQ.NameServer", "-c", config);

        var exitCode = await host.Exited.WaitAsync(Deadline);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("listenPort", host.Output, StringComparison.Ordinal);
    }

    private string WriteConfig(params string[] lines)
    {
        var path = Path.Combine(_directory, "namesrv.properties");
        File.WriteAllLines(path, lines);
        return path;
    }
}
