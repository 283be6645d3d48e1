using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Broker.Scheduling;
using RocketMQ.Broker.Sending;
using RocketMQ.Broker.Topics;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Transport;
using RocketMQ.Store;
using RocketMQ.Testing;

namespace RocketMQ.Broker.Tests.Sending;

/// <summary>
/// A broker with only the sending area, on the in-memory replicated log (leadership switched by the test with
/// <see cref="SetLeader"/>) and an injectable clock, behind a real TCP server so requests travel as raw frames in
/// either serialization. The system topics are created before it serves. <see cref="RestartAsync"/> reopens the
/// store and log over the same directory and log storage.
/// </summary>
internal sealed class SendingBroker : IAsyncDisposable
{
    private readonly Action<BrokerOptions>? _configure;
    private readonly int _seed;
    private TcpRemotingClient _client = null!;
    private TcpRemotingServer _server = null!;
    private SendModule _module = null!;

    private SendingBroker(string directory, TimeProvider time, Action<BrokerOptions>? configure, int seed)
    {
        Directory = directory;
        Time = time;
        _configure = configure;
        _seed = seed;
    }

    public string Directory { get; }

    public TimeProvider Time { get; }

    public InMemoryLogStorage Storage { get; } = new();

    public BrokerOptions Options { get; private set; } = null!;

    public MessageStore Store { get; private set; } = null!;

    public InMemoryReplicatedLog Log { get; private set; } = null!;

    public BrokerContext Context { get; private set; } = null!;

    public ScheduleMessageService Schedule => Context.Get<ScheduleMessageService>();

    public TopicService Topics => Context.Get<TopicService>();

    /// <summary>Starts a leader; <paramref name="seed"/> seeds the module's queue choice (callers print it).</summary>
    public static async Task<SendingBroker> StartAsync(Action<BrokerOptions>? configure = null,
        TimeProvider? time = null, int seed = 1)
    {
        var directory = Path.Combine(Path.GetTempPath(), "send-test-" + Guid.NewGuid().ToString("N"));
        var broker = new SendingBroker(directory, time ?? TimeProvider.System, configure, seed);
        await broker.OpenAsync();
        return broker;
    }

    /// <summary>Makes this member a follower (writes refused, leader "n1" known) or the leader again.</summary>
    public void SetLeader(bool leader) => Log.SetLeader(leader);

    /// <summary>Sends a request and returns the response.</summary>
    public Task<RemotingCommand> InvokeAsync(RemotingCommand request, SerializeType serialization)
    {
        request.SerializeType = serialization;
        return _client.InvokeAsync($"127.0.0.1:{_server.LocalEndPoint!.Port}", request, TimeSpan.FromSeconds(30));
    }

    /// <summary>Creates (or replaces) a topic through the log.</summary>
    public async Task CreateTopicAsync(string topic, int queues = 4, int perm = 6)
    {
        var result = await Store.UpdateTopicAsync(new Store.Config.TopicConfig(topic)
        {
            ReadQueueNums = queues,
            WriteQueueNums = queues,
            Perm = perm,
        });
        Assert.True(result.IsOk, result.Remark);
    }

    /// <summary>Stops everything but the log storage and the directory, then starts again over them.</summary>
    public async Task RestartAsync()
    {
        await CloseAsync();
        await OpenAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private async Task OpenAsync()
    {
        var options = new BrokerOptions
        {
            BrokerName = "broker-send",
            ListenPort = BrokerHarness.FreePort(),
            StorePathRootDir = Directory,
        };
        options.Store.MappedFileSizeConsumeQueue = 20 * 1024;
        options.Store.MaxHashSlotNum = 1024;
        options.Store.MaxIndexNum = 4096;
        _configure?.Invoke(options);
        options.Validate();
        Options = options;
        Store = MessageStore.Open(options.ToStoreOptions(), new MessageStoreEnvironment
        {
            Time = Time,
            LoggerFactory = NullLoggerFactory.Instance,
            DiskUsage = _ => 0.1, // the machine's disk must not start retention under a test
        });
        Log = await InMemoryReplicatedLog.OpenAsync(Storage, Store);
        Store.AttachLog(Log);
        Context = new BrokerContext(options, Store, Log, Time, NullLoggerFactory.Instance);
        foreach (var topic in SystemTopics.Expected(options))
        {
            if (Store.Config.FindTopic(topic.TopicName) is null)
            {
                Assert.True((await Store.UpdateTopicAsync(topic)).IsOk);
            }
        }

        var dispatcher = new RequestDispatcher(NullLoggerFactory.Instance);
        _module = new SendModule(new Random(_seed));
        _module.Register(Context, dispatcher);
        await _module.StartAsync(CancellationToken.None);
        _server = new TcpRemotingServer(new IPEndPoint(IPAddress.Loopback, options.ListenPort), new RemotingOptions(),
            dispatcher, null, NullLoggerFactory.Instance, Time);
        await _server.StartAsync();
        _client = new TcpRemotingClient(new RemotingOptions(), null, NullLoggerFactory.Instance, TimeProvider.System);
    }

    private async Task CloseAsync()
    {
        await _client.DisposeAsync();
        await _module.StopAsync();
        await _server.StopAsync();
        await _server.DisposeAsync();
        await Log.DisposeAsync();
        await Store.DisposeAsync();
    }
}
