using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Remoting.Transport;
using RocketMQ.Store.Records;

namespace RocketMQ.Jepsen.Workload;

/// <summary>A send's answer: the response code and remark, and for SUCCESS the queue offset the broker assigned.
/// </summary>
internal readonly record struct SendAnswer(int Code, string? Remark, long QueueOffset);

/// <summary>A pull's answer: the code, where to pull next, and the (queue offset, value) of each message read.
/// </summary>
internal readonly record struct PullAnswer(int Code, string? Remark, long NextOffset, List<(long Offset, long Value)> Reads);

/// <summary>
/// The requests the chaos workload and the nemesis make, written as RocketMQ clients write them (JSON headers, ext
/// fields by name): route lookup on the name server; SEND_MESSAGE_V2, PULL_MESSAGE, GET_MAX_OFFSET, topic creation,
/// runtime info and leadership transfer on brokers. Values travel as the decimal text of the message body.
/// </summary>
/// <remarks>Thread-safe; one connection per address shared by all callers. Exceptions are the transport's:
/// <see cref="RemotingConnectionException"/>, <see cref="TimeoutException"/>.</remarks>
internal sealed class RocketMqClient : IAsyncDisposable
{
    private const string ProducerGroup = "PID_JEPSEN";
    private const string ConsumerGroup = "CID_JEPSEN";
    private const string DefaultTopic = "TBW102";
    private readonly TcpRemotingClient _client = new(new RemotingOptions { ConnectTimeout = TimeSpan.FromSeconds(1) },
        null, NullLoggerFactory.Instance, TimeProvider.System);

    /// <summary>brokerAddrs["0"] (the master) of the first broker in <paramref name="topic"/>'s route, or null when
    /// the name server has none.</summary>
    public async Task<string?> FindMasterAsync(string nameServer, string topic, TimeSpan timeout)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic, new TopicHeader { Topic = topic });
        var response = await _client.InvokeAsync(nameServer, request, timeout).ConfigureAwait(false);
        if (response.Code != ResponseCode.Success)
        {
            return null;
        }

        using var route = JsonDocument.Parse(response.Body);
        foreach (var broker in route.RootElement.GetProperty("brokerDatas").EnumerateArray())
        {
            if (broker.GetProperty("brokerAddrs").TryGetProperty("0", out var master))
            {
                return master.GetString();
            }
        }

        return null;
    }

    /// <summary>UPDATE_AND_CREATE_TOPIC; returns the response code.</summary>
    public async Task<(int Code, string? Remark)> CreateTopicAsync(string broker, string topic, int queues,
        TimeSpan timeout)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.UpdateAndCreateTopic, new CreateTopicRequestHeader
        {
            Topic = topic,
            DefaultTopic = DefaultTopic,
            ReadQueueNums = queues,
            WriteQueueNums = queues,
            Perm = 6,
            TopicFilterType = "SINGLE_TAG",
            TopicSysFlag = 0,
        });
        var response = await _client.InvokeAsync(broker, request, timeout).ConfigureAwait(false);
        return (response.Code, response.Remark);
    }

    /// <summary>SEND_MESSAGE_V2 of <paramref name="value"/> to one queue (the one-letter header keys); the value is
    /// also the message key, so a lost message can be looked up by it.</summary>
    public async Task<SendAnswer> SendAsync(string broker, string topic, int queueId, long value, TimeSpan timeout,
        CancellationToken token)
    {
        var header = new SendMessageRequestHeader
        {
            ProducerGroup = ProducerGroup,
            Topic = topic,
            DefaultTopic = DefaultTopic,
            DefaultTopicQueueNums = 4,
            QueueId = queueId,
            BornTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Properties = $"KEYS\u0001{Text(value)}\u0002WAIT\u0001true\u0002",
            ReconsumeTimes = 0,
        };
        var request = RemotingCommand.CreateRequest(RequestCode.SendMessageV2,
            new SendMessageRequestHeaderV2 { Header = header });
        request.Body = Encoding.ASCII.GetBytes(Text(value));
        var response = await _client.InvokeAsync(broker, request, timeout, token).ConfigureAwait(false);
        var offset = response.Code == ResponseCode.Success
            ? response.DecodeHeader<SendMessageResponseHeader>().QueueOffset
            : -1;
        return new SendAnswer(response.Code, response.Remark, offset);
    }

    /// <summary>PULL_MESSAGE without suspension; the subscription ("*") travels with the pull, as a lite pull
    /// consumer's does, so no heartbeat is needed.</summary>
    public async Task<PullAnswer> PullAsync(string broker, string topic, int queueId, long offset, int maxMessages,
        TimeSpan timeout, CancellationToken token)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.PullMessage, new PullMessageRequestHeader
        {
            ConsumerGroup = ConsumerGroup,
            Topic = topic,
            QueueId = queueId,
            QueueOffset = offset,
            MaxMsgNums = maxMessages,
            SysFlag = PullSysFlag.Subscription,
            Subscription = "*",
        });
        var response = await _client.InvokeAsync(broker, request, timeout, token).ConfigureAwait(false);

        // Refusals (not the leader, system error) carry no pull header: the consumer stays where it was.
        var next = response.ExtFields?.ContainsKey("nextBeginOffset") == true
            ? response.DecodeHeader<PullMessageResponseHeader>().NextBeginOffset
            : offset;
        var reads = response.Code == ResponseCode.Success ? DecodeReads(response.Body.Span) : [];
        return new PullAnswer(response.Code, response.Remark, next, reads);
    }

    /// <summary>GET_MAX_OFFSET: the queue's end (one past its last message).</summary>
    public async Task<long?> MaxOffsetAsync(string broker, string topic, int queueId, TimeSpan timeout)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetMaxOffset,
            new QueueRequestHeader { Topic = topic, QueueId = queueId });
        var response = await _client.InvokeAsync(broker, request, timeout).ConfigureAwait(false);
        return response.Code == ResponseCode.Success ? response.DecodeHeader<OffsetResponseHeader>().Offset : null;
    }

    /// <summary>GET_BROKER_RUNTIME_INFO's table (raftRole, raftTerm, raftLeaderId, …), or null when refused.</summary>
    public async Task<Dictionary<string, string>?> RuntimeInfoAsync(string broker, TimeSpan timeout)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetBrokerRuntimeInfo);
        var response = await _client.InvokeAsync(broker, request, timeout).ConfigureAwait(false);
        if (response.Code != ResponseCode.Success)
        {
            return null;
        }

        using var body = JsonDocument.Parse(response.Body);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in body.RootElement.GetProperty("table").EnumerateObject())
        {
            table[entry.Name] = entry.Value.ToString();
        }

        return table;
    }

    /// <summary>Forgets the connection to <paramref name="address"/> (after a timeout the next call reconnects
    /// instead of waiting behind a dead socket).</summary>
    public void Forget(string address) => _client.CloseChannel(address);

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A pull body's messages (the store's own layout, checked by <see cref="StoredMessage.TryRead"/>).
    /// </summary>
    private static List<(long Offset, long Value)> DecodeReads(ReadOnlySpan<byte> body)
    {
        var reads = new List<(long, long)>();
        while (!body.IsEmpty)
        {
            if (!StoredMessage.TryRead(body, out var message))
            {
                throw new InvalidDataException($"a pull body has {body.Length} bytes that are not a stored message");
            }

            if (!long.TryParse(message.Body, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException(
                    $"message at queue offset {message.QueueOffset} has a body that is not a workload value");
            }

            reads.Add((message.QueueOffset, value));
            body = body[message.TotalSize..];
        }

        return reads;
    }
}
