using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Broker.Consuming;
using RocketMQ.Broker.Registration;
using RocketMQ.Broker.Topics;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Transport;
using RocketMQ.Store;
using RocketMQ.Store.Config;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;
using RocketMQ.Testing;

namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>
/// A broker running the consuming module, reached over TCP: either the real one-member Raft broker
/// (<see cref="BrokerHarness"/>) or a "local" one on the in-memory replicated log, whose role a test can flip
/// (<see cref="SetLeader"/>) to see what a follower does.
/// </summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;
    private readonly RecordingClient _client;

    private TestBroker(BrokerContext context, ConsumeModule module, string address, Func<ValueTask> dispose,
        InMemoryReplicatedLog? localLog, InMemoryLogStorage? localStorage)
    {
        Context = context;
        Module = module;
        Address = address;
        _dispose = dispose;
        LocalLog = localLog;
        LocalStorage = localStorage;
        _client = new RecordingClient(address);
    }

    public BrokerContext Context { get; }

    public ConsumeModule Module { get; }

    public MessageStore Store => Context.Store;

    /// <summary>The broker's client address (<c>127.0.0.1:port</c>).</summary>
    public string Address { get; }

    /// <summary>The in-memory log of a local broker (null for the Raft broker).</summary>
    public InMemoryReplicatedLog? LocalLog { get; }

    /// <summary>The in-memory log's entries (count commands appended).</summary>
    public InMemoryLogStorage? LocalStorage { get; }

    /// <summary>Starts the real broker (one-member DLedger group) with the consuming module.</summary>
    public static async Task<TestBroker> StartAsync(Action<BrokerOptions>? configure = null,
        ConsumeOptions? consume = null)
    {
        var module = new ConsumeModule(consume);
        var harness = await BrokerHarness.StartAsync(configure,
            [new NameServerRegistration(), new SystemTopics(), module]);
        return new TestBroker(harness.Context, module, harness.Address, harness.DisposeAsync, null, null);
    }

    /// <summary>Starts a broker on the in-memory log; <paramref name="physicalMemoryBytes"/> small makes every
    /// message but the newest entry's "cold".</summary>
    public static async Task<TestBroker> StartLocalAsync(Action<BrokerOptions>? configure = null,
        ConsumeOptions? consume = null, long? physicalMemoryBytes = null)
    {
        var options = new BrokerOptions
        {
            BrokerName = "broker-local",
            ListenPort = 0,
            StorePathRootDir = Path.Combine(Path.GetTempPath(), "consume-test-" + Guid.NewGuid().ToString("N")),
        };
        options.Store.MappedFileSizeConsumeQueue = 20 * 1024;
        options.Store.MaxHashSlotNum = 1024;
        options.Store.MaxIndexNum = 4096;
        configure?.Invoke(options);
        var environment = new MessageStoreEnvironment
        {
            DiskUsage = _ => 0.1,
            PhysicalMemoryBytes = physicalMemoryBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        };
        var store = MessageStore.Open(options.ToStoreOptions(), environment);
        var storage = new InMemoryLogStorage();
        var log = await InMemoryReplicatedLog.OpenAsync(storage, store);
        store.AttachLog(log);
        var context = new BrokerContext(options, store, log, TimeProvider.System, NullLoggerFactory.Instance);
        var module = new ConsumeModule(consume);
        var dispatcher = new RequestDispatcher(NullLoggerFactory.Instance);
        module.Register(context, dispatcher);
        await module.StartAsync(CancellationToken.None);
        var server = new TcpRemotingServer(new IPEndPoint(IPAddress.Loopback, 0), new RemotingOptions(), dispatcher,
            module, NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync();

        async ValueTask DisposeLocalAsync()
        {
            await module.StopAsync();
            await server.DisposeAsync();
            await log.DisposeAsync();
            await store.DisposeAsync();
            Directory.Delete(options.StorePathRootDir, recursive: true);
        }

        return new TestBroker(context, module, $"127.0.0.1:{server.LocalEndPoint!.Port}", DisposeLocalAsync, log,
            storage);
    }

    /// <summary>Flips a local broker's role (its RoleChanged fires at once).</summary>
    public void SetLeader(bool leader) =>
        (LocalLog ?? throw new InvalidOperationException("only a local broker changes role")).SetLeader(leader);

    /// <summary>Sends a request on the broker's own test client, in <paramref name="serialization"/>.</summary>
    public Task<RemotingCommand> InvokeAsync(RemotingCommand request, SerializeType serialization,
        TimeSpan? timeout = null) =>
        _client.InvokeAsync(request, serialization, timeout);

    /// <summary>A new client connection that records what the broker sends it.</summary>
    public RecordingClient NewClient() => new(Address);

    public async Task CreateTopicAsync(string topic, int queues = 4, int perm = 6)
    {
        var result = await Store.UpdateTopicAsync(new TopicConfig(topic)
        {
            ReadQueueNums = queues,
            WriteQueueNums = queues,
            Perm = perm,
        });
        Assert.True(result.IsOk, result.Remark);
    }

    public async Task UpdateGroupAsync(SubscriptionGroupConfig group)
    {
        var result = await Store.UpdateSubscriptionGroupAsync(group);
        Assert.True(result.IsOk, result.Remark);
    }

    /// <summary>Stores one message (the send processor is another module's); returns the put.</summary>
    public async Task<PutMessageResult> PutAsync(string topic, int queueId, string? tags = null, string body = "m")
    {
        var result = await Store.PutMessageAsync(new MessageToStore
        {
            Topic = topic,
            QueueId = queueId,
            BornTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Properties = tags is null ? null : $"TAGS\u0001{tags}\u0002",
            Body = System.Text.Encoding.UTF8.GetBytes(body),
        });
        Assert.True(result.IsOk, result.Remark);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _dispose();
    }
}
