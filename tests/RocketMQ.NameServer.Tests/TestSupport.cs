using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.NameServer.Tests;

/// <summary>A channel for calling processors directly.</summary>
internal sealed class FakeChannel(string remoteAddress) : IRemotingChannel
{
    private readonly CancellationTokenSource _closed = new();

    private static long s_nextId;

    public long Id { get; } = Interlocked.Increment(ref s_nextId);

    public string RemoteAddress { get; } = remoteAddress;

    public string LocalAddress => "127.0.0.1:9876";

    public bool IsActive => !_closed.IsCancellationRequested;

    public CancellationToken Closed => _closed.Token;

    public string? CloseReason { get; private set; }

    public ValueTask SendAsync(RemotingCommand command, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    public Task<RemotingCommand> InvokeAsync(
        RemotingCommand request, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask InvokeOnewayAsync(RemotingCommand request, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    public void Close(string reason)
    {
        CloseReason ??= reason;
        _closed.Cancel();
    }
}

/// <summary>Builders for the requests brokers, clients and mqadmin send.</summary>
internal static class Requests
{
    public static RemotingCommand RegisterBroker(
        string cluster, string brokerName, long brokerId, string brokerAddr, IEnumerable<string> topics,
        long dataVersionCounter = 1, SerializeType serializeType = SerializeType.Json, bool compressed = false,
        bool withCrc = true, int perm = 6)
    {
        var body = new RegisterBrokerBody();
        body.TopicConfigSerializeWrapper.DataVersion =
            new DataVersion { Timestamp = 1000, Counter = dataVersionCounter };
        foreach (var topic in topics)
        {
            body.TopicConfigSerializeWrapper.TopicConfigTable[topic] = new TopicConfig
            {
                TopicName = topic,
                ReadQueueNums = 4,
                WriteQueueNums = 4,
                Perm = perm,
            };
        }

        var bytes = RegisterBrokerBodyCodec.Encode(body, compressed);
        var request = RemotingCommand.CreateRequest(RequestCode.RegisterBroker, new RegisterBrokerRequestHeader
        {
            ClusterName = cluster,
            BrokerName = brokerName,
            BrokerId = brokerId,
            BrokerAddr = brokerAddr,
            HaServerAddr = brokerAddr.Replace(":109", ":119", StringComparison.Ordinal),
            Compressed = compressed,
            BodyCrc32 = withCrc ? Processors.BrokerRegistrationProcessor.JavaCrc32(bytes) : 0,
        });
        request.Body = bytes;
        request.SerializeType = serializeType;
        return request;
    }

    public static RemotingCommand Route(string topic, SerializeType serializeType = SerializeType.Json)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic, new TopicHeader { Topic = topic });
        request.SerializeType = serializeType;
        return request;
    }

    public static RemotingCommand Kv(int code, string ns, string? key = null, string? value = null) =>
        RemotingCommand.CreateRequest(code, new KvConfigHeader { Namespace = ns, Key = key, Value = value });

    public static T Body<T>(RemotingCommand response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        Assert.True(response.Code == ResponseCode.Success, $"code {response.Code}: {response.Remark}");
        return RemotingJson.Deserialize(response.Body, info);
    }

    public static NameServerController Controller(TimeProvider time, string directory, int port = 0,
        int idleSeconds = 120) =>
        new(new NameServerOptions
        {
            ListenPort = port,
            BindAddress = "127.0.0.1",
            KvConfigPath = Path.Combine(directory, "kvConfig.json"),
            ServerChannelMaxIdleTimeSeconds = idleSeconds,
        }, NullLoggerFactory.Instance, time);
}
