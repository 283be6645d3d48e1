using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Transport;
using RocketMQ.Testing;

namespace RocketMQ.Integration.Tests;

/// <summary>fast-try uses the seed configs' fixed ports (9876, 30911…, 40911…): it runs alone.</summary>
[CollectionDefinition(nameof(FixedPortsCollection), DisableParallelization = true)]
public sealed class FixedPortsCollection;

/// <summary>
/// README's first command: <c>bin/dledger/fast-try.sh start</c> brings up a name server and the three brokers of
/// conf/dledger with a leader registered, and <c>stop</c> leaves no process behind.
/// </summary>
[Collection(nameof(FixedPortsCollection))]
public sealed class FastTryScriptTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(240);
    private readonly string _root = Directory.CreateTempSubdirectory("fast-try-it-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Start_serves_a_three_member_group_and_stop_leaves_no_process()
    {
        try
        {
            var started = await RunAsync("start");
            Assert.True(started.ExitCode == 0, started.Output);
            Assert.Contains("name server  127.0.0.1:9876", started.Output, StringComparison.Ordinal);
            Assert.Equal(3, Regex.Matches(started.Output, @"broker n\d    127\.0\.0\.1:309[123]1").Count);
            Assert.Single(Regex.Matches(started.Output, " Leader "));

            // The leader is the route's master for the default topic: clients can find the group.
            await using var client = new TcpRemotingClient(new RemotingOptions(), null, NullLoggerFactory.Instance,
                TimeProvider.System);
            var route = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic);
            route.SetExtField("topic", "TBW102");
            var response = await client.InvokeAsync("127.0.0.1:9876", route, TimeSpan.FromSeconds(5));
            Assert.True(response.Code == ResponseCode.Success, response.Remark);
            Assert.Contains("RaftNode00", System.Text.Encoding.UTF8.GetString(response.Body.Span),
                StringComparison.Ordinal);

            var pids = Directory.GetFiles(_root, "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim(),
                System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(4, pids.Count);

            var stopped = await RunAsync("stop");
            Assert.True(stopped.ExitCode == 0, stopped.Output);
            Assert.All(pids, pid => Assert.False(IsAlive(pid), $"process {pid} survived stop"));
        }
        finally
        {
            await RunAsync("stop");
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryRoot.Combine("bin", "dledger", "fast-try.sh"));
        start.ArgumentList.Add(command);
        start.Environment["FAST_TRY_ROOT"] = _root;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Deadline);
        return (process.ExitCode, await output + await errors);
    }
}
