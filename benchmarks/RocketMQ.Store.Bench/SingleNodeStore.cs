using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger;

namespace RocketMQ.Store.Bench;

/// <summary>
/// A message store on a single-member DLedger group in one directory (<c>store/</c> for the projections,
/// <c>dledger/</c> for the Raft log), started the way a broker starts it: open (recover), start the log with the store
/// as its state machine, attach, wait to lead.
/// </summary>
public sealed class SingleNodeStore : IAsyncDisposable
{
    private SingleNodeStore(MessageStore store, DLedgerNode node)
    {
        Store = store;
        Node = node;
    }

    public MessageStore Store { get; }

    public DLedgerNode Node { get; }

    /// <summary>Opens (or reopens) the store and its log under <paramref name="directory"/>.</summary>
    /// <param name="directory">Holds everything; reuse it to restart.</param>
    /// <param name="raftPort">The member's Raft port (loopback); 0 picks a free one.</param>
    /// <param name="loggerFactory">Logging for the store and the Raft member.</param>
    /// <param name="configure">Adjusts the store options before opening (tests use small files).</param>
    /// <param name="token">Cancels the start.</param>
    public static async Task<SingleNodeStore> StartAsync(string directory, int raftPort,
        ILoggerFactory loggerFactory, Action<MessageStoreOptions>? configure = null, CancellationToken token = default)
    {
        var port = raftPort != 0 ? raftPort : FreePort();
        var options = new MessageStoreOptions
        {
            StorePathRootDir = Path.Combine(directory, "store"),
            StoreHost = new IPEndPoint(IPAddress.Loopback, 10911),
        };
        configure?.Invoke(options);
        var store = MessageStore.Open(options, new MessageStoreEnvironment { LoggerFactory = loggerFactory });
        DLedgerNode node;
        try
        {
            node = await DLedgerNode.StartAsync(new DLedgerOptions
            {
                Group = "store-bench",
                Peers = $"n0-127.0.0.1:{port}",
                SelfId = "n0",
                StoragePath = Path.Combine(directory, "dledger"),
                ClientAddress = "127.0.0.1:10911",
                MaxInflightBatches = InflightBatches(),
            }, store, DLedgerTransport.Tcp, loggerFactory, token);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }

        store.AttachLog(node);
        var host = new SingleNodeStore(store, node);
        await host.WaitForLeadershipAsync(TimeSpan.FromSeconds(30), token);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await Store.DisposeAsync();
    }

    private async Task WaitForLeadershipAsync(TimeSpan deadline, CancellationToken token)
    {
        var led = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRole(ReplicaState state)
        {
            if (state.IsLeader)
            {
                led.TrySetResult();
            }
        }

        Node.RoleChanged += OnRole;
        try
        {
            if (!Node.State.IsLeader)
            {
                await led.Task.WaitAsync(deadline, token);
            }
        }
        finally
        {
            Node.RoleChanged -= OnRole;
        }
    }

    /// <summary>
    /// dLegerMaxInflightBatches for this single member: 1 by default (measured: with nothing to replicate, one entry
    /// at a time gathers the most records per fsync — ~45k/s against ~25k/s with 4 at 512 writers), overridable with
    /// STORE_BENCH_INFLIGHT.
    /// </summary>
    private static int InflightBatches() =>
        int.TryParse(Environment.GetEnvironmentVariable("STORE_BENCH_INFLIGHT"), out var value) ? value : 1;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
