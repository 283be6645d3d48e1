namespace RocketMQ.Integration.Tests;

/// <summary>
/// Three real DLedger bench node processes (<c>RocketMQ.DLedger.Bench node</c>) on loopback with free ports and temp
/// directories. Nodes can be killed (SIGKILL) and restarted on their directory; with
/// <see cref="RestartKilledNodes"/> a node that dies of SIGKILL is restarted at once, as the bench scripts'
/// supervisor does, so the failover driver can run against the group.
/// </summary>
internal sealed class DLedgerProcessGroup : IAsyncDisposable
{
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private const int KilledExitCode = 128 + 9;
    private readonly string _root = Directory.CreateTempSubdirectory("dledger-it-").FullName;
    private readonly int[] _clientPorts;
    private readonly HostProcess?[] _nodes;
    private readonly List<HostProcess> _retired = [];
    private readonly Lock _gate = new();
    private bool _disposing;

    public DLedgerProcessGroup(int size = 3)
    {
        Ids = [.. Enumerable.Range(0, size).Select(i => $"n{i}")];
        _nodes = new HostProcess?[size];
        _clientPorts = [.. Ids.Select(_ => HostProcess.FreeTcpPort())];
        Peers = string.Join(';', Ids.Select(id => $"{id}-127.0.0.1:{HostProcess.FreeTcpPort()}"));
        Targets = [.. _clientPorts.Select(port => $"127.0.0.1:{port}")];
        PidDirectory = Directory.CreateDirectory(Path.Combine(_root, "pids")).FullName;
    }

    public IReadOnlyList<string> Ids { get; }

    public string Peers { get; }

    /// <summary>The members' client addresses, in <see cref="Ids"/> order.</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>Where each node writes <c>&lt;id&gt;.pid</c>.</summary>
    public string PidDirectory { get; }

    /// <summary>Restart a node as soon as it dies of SIGKILL (by anyone), on its own directory.</summary>
    public bool RestartKilledNodes { get; set; }

    public string IdOf(string address) => Ids[Targets.ToList().IndexOf(address)];

    /// <summary>Starts every node and waits until each prints <c>ready</c>.</summary>
    public async Task StartAllAsync()
    {
        var nodes = Ids.Select(Start).ToList();
        foreach (var node in nodes)
        {
            await node.WaitForLineAsync("ready", StartDeadline);
        }
    }

    /// <summary>SIGKILLs a node.</summary>
    public void Kill(string id) => Node(id).Kill();

    /// <summary>Starts a (killed) node again on its directory and waits until it serves.</summary>
    public async Task RestartAsync(string id)
    {
        await Node(id).Exited.WaitAsync(StartDeadline);
        await Start(id).WaitForLineAsync("ready", StartDeadline);
    }

    /// <summary>SIGTERMs every node and returns their exit codes (0 = clean stop).</summary>
    public async Task<int[]> StopAllAsync()
    {
        HostProcess[] running;
        lock (_gate)
        {
            _disposing = true;
            running = [.. _nodes.OfType<HostProcess>()];
        }

        foreach (var node in running)
        {
            node.Terminate();
        }

        return await Task.WhenAll(running.Select(n => n.Exited.WaitAsync(StartDeadline)));
    }

    /// <summary>Every node's output so far (for failure messages).</summary>
    public string Describe() => string.Join("\n", Ids.Select((id, i) => $"--- {id}:\n{_nodes[i]?.Output}"));

    public async ValueTask DisposeAsync()
    {
        HostProcess[] all;
        lock (_gate)
        {
            _disposing = true;
            all = [.. _nodes.OfType<HostProcess>(), .. _retired];
        }

        foreach (var node in all)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    private HostProcess Node(string id) =>
        _nodes[Ids.ToList().IndexOf(id)] ?? throw new InvalidOperationException($"{id} was never started");

    private HostProcess Start(string id)
    {
        var index = Ids.ToList().IndexOf(id);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposing, this);
            var node = HostProcess.Start("RocketMQ.DLedger.Bench", "node", "--peers", Peers, "--self", id,
                "--dir", Path.Combine(_root, id), "--client-port", _clientPorts[index].ToString(
                    System.Globalization.CultureInfo.InvariantCulture),
                "--pid-file", Path.Combine(PidDirectory, id + ".pid"));
            if (_nodes[index] is { } previous)
            {
                _retired.Add(previous);
            }

            _nodes[index] = node;
            _ = node.Exited.ContinueWith(exited => OnExited(id, node, exited.Result), TaskScheduler.Default);
            return node;
        }
    }

    private void OnExited(string id, HostProcess node, int exitCode)
    {
        lock (_gate)
        {
            if (!RestartKilledNodes || _disposing || exitCode != KilledExitCode ||
                !ReferenceEquals(_nodes[Ids.ToList().IndexOf(id)], node))
            {
                return;
            }

            Start(id);
        }
    }
}
