using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Common.Replication;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Transport;
using RocketMQ.Store;

namespace RocketMQ.Broker.Tests;

/// <summary>
/// A real broker in the test process: a one-member Raft group on loopback (free ports), its store in a temporary
/// directory, no name server unless given, and a TCP client to send it raw requests in either serialization.
/// </summary>
internal sealed class BrokerHarness : IAsyncDisposable
{
    private readonly TcpRemotingClient _client;

    private BrokerHarness(BrokerController controller, BrokerOptions options)
    {
        Controller = controller;
        Options = options;
        _client = new TcpRemotingClient(new RemotingOptions(), null, NullLoggerFactory.Instance, TimeProvider.System);
    }

    public BrokerController Controller { get; }

    public BrokerOptions Options { get; }

    public BrokerContext Context => Controller.Context;

    /// <summary>The broker's client address.</summary>
    public string Address => $"127.0.0.1:{Controller.ListenEndPoint!.Port}";

    /// <summary>Starts a broker; <paramref name="configure"/> adjusts options (keys as in broker.conf).</summary>
    public static async Task<BrokerHarness> StartAsync(Action<BrokerOptions>? configure = null,
        IReadOnlyList<IBrokerModule>? modules = null, TimeProvider? time = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "broker-test-" + Guid.NewGuid().ToString("N"));
        var options = new BrokerOptions
        {
            BrokerName = "broker-test",
            ListenPort = FreePort(),
            StorePathRootDir = directory,
            DLegerPeers = $"n0-127.0.0.1:{FreePort()}",
            RegisterNameServerPeriod = 30_000,
        };
        options.Store.MappedFileSizeConsumeQueue = 20 * 1024;
        options.Store.MaxHashSlotNum = 1024;
        options.Store.MaxIndexNum = 4096;
        configure?.Invoke(options);
        var clock = time ?? TimeProvider.System;
        var controller = new BrokerController(options, modules ?? BrokerModules.Default(options),
            NullLoggerFactory.Instance, clock, storeEnvironment: new MessageStoreEnvironment
            {
                Time = clock,
                DiskUsage = _ => 0.1, // the machine's disk must not start retention under a test
            });
        await controller.StartAsync();
        var harness = new BrokerHarness(controller, options);
        await harness.WaitForLeadershipAsync(TimeSpan.FromSeconds(20));
        return harness;
    }

    /// <summary>Sends a request and returns the response.</summary>
    public Task<RemotingCommand> InvokeAsync(RemotingCommand request, SerializeType serialization = SerializeType.Json)
    {
        request.SerializeType = serialization;
        return _client.InvokeAsync(Address, request, TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await Controller.DisposeAsync();
        if (Directory.Exists(Options.StorePathRootDir))
        {
            Directory.Delete(Options.StorePathRootDir, recursive: true);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForLeadershipAsync(TimeSpan deadline)
    {
        var led = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRole(ReplicaState state)
        {
            if (state.IsLeader)
            {
                led.TrySetResult();
            }
        }

        Context.Log.RoleChanged += OnRole;
        try
        {
            if (!Context.Log.State.IsLeader)
            {
                await led.Task.WaitAsync(deadline);
            }
        }
        finally
        {
            Context.Log.RoleChanged -= OnRole;
        }
    }
}
