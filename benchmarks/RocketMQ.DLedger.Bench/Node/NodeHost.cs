using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using RocketMQ.Common.Configuration;
using RocketMQ.Common.Replication;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Transport;

namespace RocketMQ.DLedger.Bench.Node;

/// <summary>
/// Runs one DLedger member over TCP with a <see cref="CountingStateMachine"/> and a remoting server for the bench
/// requests. Standard output carries only lines scripts and tests wait on: <c>ready</c> once serving, then
/// <c>role &lt;Role&gt; term &lt;n&gt; leader &lt;id|none&gt;</c> on every role change; logs go to standard error.
/// </summary>
internal static class NodeHost
{
    /// <summary>Serves until <paramref name="stop"/> is cancelled (SIGTERM/SIGINT); returns the exit code.</summary>
    public static async Task<int> RunAsync(NodeSettings settings, ILoggerFactory loggerFactory, CancellationToken stop)
    {
        var logger = loggerFactory.CreateLogger("RocketMQ.DLedger.Bench.Node");
        if (settings.PidFile is { } pidFile)
        {
            WritePidFile(pidFile);
        }

        var options = settings.ToOptions();
        var machine = new CountingStateMachine();
        DLedgerNode node;
        try
        {
            Directory.CreateDirectory(options.StoragePath);
            node = await DLedgerNode.StartAsync(options, machine, DLedgerTransport.Tcp, loggerFactory, stop)
                .ConfigureAwait(false);
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync("invalid node configuration: " + e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            NodeLog.StartFailed(logger, settings.SelfId, e);
            return 1;
        }

        await using (node.ConfigureAwait(false))
        {
            var roles = new RolePrinter();
            node.RoleChanged += roles.Print;
            roles.Print(node.State);
            return await ServeAsync(settings, node, machine, loggerFactory, logger, stop).ConfigureAwait(false);
        }
    }

    private static async Task<int> ServeAsync(NodeSettings settings, DLedgerNode node, CountingStateMachine machine,
        ILoggerFactory loggerFactory, ILogger logger, CancellationToken stop)
    {
        var dispatcher = new RequestDispatcher(loggerFactory);
        new NodeRequestProcessor(node, machine).Register(dispatcher);

        // Drivers hold one connection per member for the whole run; an idle follower's must not be closed.
        var remoting = new RemotingOptions { ServerChannelMaxIdleTime = Timeout.InfiniteTimeSpan };
        var server = new TcpRemotingServer(new IPEndPoint(IPAddress.Loopback, settings.ClientPort), remoting,
            dispatcher, null, loggerFactory, TimeProvider.System);
        await using (server.ConfigureAwait(false))
        {
            try
            {
                await server.StartAsync(stop).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                NodeLog.StartFailed(logger, settings.SelfId, e);
                return 1;
            }

            NodeLog.Serving(logger, settings.SelfId, Environment.ProcessId, settings.ClientAddress,
                Path.GetFullPath(settings.Directory));
            await Console.Out.WriteLineAsync("ready").ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            NodeLog.Stopping(logger, settings.SelfId, machine.Describe().Records);
        }

        return 0;
    }

    /// <summary>Written to a temporary name and renamed, so a reader never sees a half-written id.</summary>
    private static void WritePidFile(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Prints each distinct state once, whether it came from the event or the initial read.</summary>
    private sealed class RolePrinter
    {
        private readonly Lock _gate = new();
        private ReplicaState? _last;

        public void Print(ReplicaState state)
        {
            lock (_gate)
            {
                if (state == ReplicaState.Initial || state == _last)
                {
                    return;
                }

                _last = state;
                Console.Out.WriteLine(FormattableString.Invariant(
                    $"role {state.Role} term {state.Term} leader {state.LeaderId ?? "none"}"));
            }
        }
    }
}
