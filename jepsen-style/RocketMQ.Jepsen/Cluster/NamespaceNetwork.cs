using System.Globalization;

namespace RocketMQ.Jepsen.Cluster;

/// <summary>
/// Each node in a network namespace of its own (<c>jepsen-&lt;pid&gt;-n&lt;i&gt;</c>), joined by veth pairs to one
/// bridge in the host's namespace that also carries the runner's name server and clients. Packet drops are iptables
/// rules inside the receiving node's namespace, so a partition is real: TCP sees silence, not a reset.
/// </summary>
/// <remarks>
/// Addresses come from 10.213.K.0/24 with K the first subnet no interface of this machine uses, inside namespaces
/// this run creates; nothing is routed off the machine. Deleting a namespace removes its veth and rules, so teardown
/// is two commands per node and cannot leave rules behind. Namespaces of an earlier run whose runner died are found
/// by the pid in their name and removed at set-up.
/// </remarks>
internal sealed class NamespaceNetwork : INetwork
{
    private const string Prefix = "jepsen-";
    private readonly string _tag = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private readonly List<string> _namespaces = [];
    private int _subnet = -1;
    private string? _bridge;

    public string Mode => "netns";

    public bool CanPartition => true;

    public string NameServerHost => $"10.213.{_subnet}.1";

    public string AddressOf(int node) => $"10.213.{_subnet}.{11 + node}";

    public string? NamespaceOf(int node) => $"{Prefix}{_tag}-n{node}";

    /// <summary>Why this mode cannot run here, or null when it can (root, ip and iptables present).</summary>
    public static string? WhyUnavailable()
    {
        if (Environment.UserName != "root")
        {
            return "network namespaces need root (run as root, or use --network loopback)";
        }

        if (!Shell.Exists("ip"))
        {
            return "the 'ip' tool (iproute2) is missing: apt-get install -y iproute2";
        }

        return Shell.Exists("iptables") ? null : "iptables is missing: apt-get install -y iptables";
    }

    public async Task SetUpAsync(int nodes)
    {
        await RemoveOrphansAsync().ConfigureAwait(false);
        _subnet = await FreeSubnetAsync().ConfigureAwait(false);
        _bridge = $"jbr{_tag}";
        await Shell.RunAsync("ip", "link", "add", _bridge, "type", "bridge").ConfigureAwait(false);
        await Shell.RunAsync("ip", "addr", "add", $"{NameServerHost}/24", "dev", _bridge).ConfigureAwait(false);
        await Shell.RunAsync("ip", "link", "set", _bridge, "up").ConfigureAwait(false);
        for (var node = 0; node < nodes; node++)
        {
            var ns = NamespaceOf(node)!;
            var host = $"jv{_tag}n{node}";
            var peer = $"jp{_tag}n{node}";
            await Shell.RunAsync("ip", "netns", "add", ns).ConfigureAwait(false);
            _namespaces.Add(ns);
            await Exec(ns, "ip", "link", "set", "lo", "up").ConfigureAwait(false);
            await Shell.RunAsync("ip", "link", "add", host, "type", "veth", "peer", "name", peer).ConfigureAwait(false);
            await Shell.RunAsync("ip", "link", "set", peer, "netns", ns).ConfigureAwait(false);
            await Shell.RunAsync("ip", "link", "set", host, "master", _bridge).ConfigureAwait(false);
            await Shell.RunAsync("ip", "link", "set", host, "up").ConfigureAwait(false);
            await Exec(ns, "ip", "addr", "add", $"{AddressOf(node)}/24", "dev", peer).ConfigureAwait(false);
            await Exec(ns, "ip", "link", "set", peer, "up").ConfigureAwait(false);
        }
    }

    public async Task DropAsync(IReadOnlyCollection<(int From, int To)> links)
    {
        foreach (var (from, to) in links)
        {
            await Exec(NamespaceOf(to)!, "iptables", "-A", "INPUT", "-s", AddressOf(from), "-j", "DROP")
                .ConfigureAwait(false);
        }
    }

    public async Task HealAsync()
    {
        foreach (var ns in _namespaces)
        {
            await Exec(ns, "iptables", "-F", "INPUT").ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in _namespaces)
        {
            await Shell.TryRunAsync("ip", "netns", "del", ns).ConfigureAwait(false);
        }

        _namespaces.Clear();
        if (_bridge is not null)
        {
            await Shell.TryRunAsync("ip", "link", "del", _bridge).ConfigureAwait(false);
            _bridge = null;
        }
    }

    private static Task<string> Exec(string ns, string tool, params string[] arguments) =>
        Shell.RunAsync("ip", ["netns", "exec", ns, tool, .. arguments]);

    /// <summary>Namespaces and bridges of runs whose runner is gone (killed with SIGKILL, the machine's OOM killer).
    /// </summary>
    private static async Task RemoveOrphansAsync()
    {
        var listing = await Shell.RunAsync("ip", "netns", "list").ConfigureAwait(false);
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (OwnerPid(name) is { } pid && !IsAlive(pid))
            {
                await Shell.TryRunAsync("ip", "netns", "del", name).ConfigureAwait(false);
                await Shell.TryRunAsync("ip", "link", "del", $"jbr{pid}").ConfigureAwait(false);
            }
        }
    }

    private static int? OwnerPid(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = name[Prefix.Length..];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(rest[..dash], CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    private static async Task<int> FreeSubnetAsync()
    {
        var addresses = await Shell.RunAsync("ip", "-4", "-o", "addr", "show").ConfigureAwait(false);
        for (var subnet = 0; subnet < 256; subnet++)
        {
            if (!addresses.Contains($" 10.213.{subnet}.", StringComparison.Ordinal))
            {
                return subnet;
            }
        }

        throw new InvalidOperationException("every 10.213.K.0/24 subnet is in use on this machine: remove stale "
            + "jepsen bridges with 'ip link del jbr<pid>'");
    }
}
