using System.Globalization;
using System.Text.RegularExpressions;

namespace RocketMQ.Integration.Tests;

/// <summary>
/// A name server and a three-member broker group as real processes on loopback (free ports, a temporary root), as
/// bin/dledger/fast-try.sh starts them. Members can be killed with SIGKILL and restarted on their directories.
/// </summary>
internal sealed partial class BrokerGroupProcesses : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("broker-group-").FullName;
    private readonly int[] _raftPorts = [HostProcess.FreeTcpPort(), HostProcess.FreeTcpPort(), HostProcess.FreeTcpPort()];
    private readonly HostProcess?[] _brokers = new HostProcess?[3];
    private readonly string[] _extraConfig;
    private HostProcess? _namesrv;

    /// <param name="extraConfig">broker.conf lines added to every member (e.g. a fast messageDelayLevel).</param>
    public BrokerGroupProcesses(params string[] extraConfig)
    {
        _extraConfig = extraConfig;
        NameServerPort = HostProcess.FreeTcpPort();
        BrokerPorts = [HostProcess.FreeTcpPort(), HostProcess.FreeTcpPort(), HostProcess.FreeTcpPort()];
    }

    public int NameServerPort { get; }

    public string NameServer => $"127.0.0.1:{NameServerPort}";

    public IReadOnlyList<int> BrokerPorts { get; }

    /// <summary>Everything the processes printed, for failure messages.</summary>
    public string Describe() => string.Join("\n", _brokers.Select((b, i) => $"--- n{i}:\n{b?.Output}"));

    public async Task StartAsync()
    {
        _namesrv = HostProcess.Start("RocketMQ.NameServer", "-l", NameServerPort.ToString(CultureInfo.InvariantCulture),
            "-c", Write("namesrv.properties", $"kvConfigPath={Path.Combine(_root, "kv.json")}"));
        await _namesrv.WaitForLineAsync("boot success", Deadline);
        for (var i = 0; i < 3; i++)
        {
            StartBroker(i);
        }

        await WaitForLeaderAsync();
    }

    /// <summary>Waits until some member registered as master; returns its index.</summary>
    public async Task<int> WaitForLeaderAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            for (var i = 0; i < 3; i++)
            {
                if (_brokers[i] is { } broker && LeaderLine().Matches(broker.Output) is { Count: > 0 } matches
                    && matches[^1].Groups[1].Value == "0")
                {
                    return i;
                }
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>SIGKILLs member <paramref name="index"/> (no cleanup, as a crash).</summary>
    public async Task KillAsync(int index)
    {
        if (_brokers[index] is { } broker)
        {
            broker.Kill();
            await broker.Exited.WaitAsync(Deadline);
            await broker.DisposeAsync();
            _brokers[index] = null;
        }
    }

    /// <summary>Restarts a killed member on its directory.</summary>
    public void Restart(int index) => StartBroker(index);

    public async ValueTask DisposeAsync()
    {
        foreach (var broker in _brokers)
        {
            if (broker is not null)
            {
                await broker.DisposeAsync();
            }
        }

        if (_namesrv is not null)
        {
            await _namesrv.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    private void StartBroker(int index)
    {
        var peers = string.Join(';', _raftPorts.Select((port, i) => $"n{i}-127.0.0.1:{port}"));
        var config = Write($"broker-n{index}.conf",
        [
            "brokerClusterName=InteropCluster",
            "brokerName=RaftNode00",
            $"listenPort={BrokerPorts[index]}",
            $"namesrvAddr={NameServer}",
            $"storePathRootDir={Path.Combine(_root, $"node{index}")}",
            "dLegerGroup=RaftNode00",
            $"dLegerPeers={peers}",
            $"dLegerSelfId=n{index}",
            "registerNameServerPeriod=2000",
            .. _extraConfig,
        ]);

        // A member that registered as master and is then killed would linger in routes until its connection
        // closes; the name server drops it at once when it does (as with Apache RocketMQ).
        _brokers[index] = HostProcess.Start("RocketMQ.Broker", "-c", config);
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [GeneratedRegex(@"as brokerId (\d+)")]
    private static partial Regex LeaderLine();
}
