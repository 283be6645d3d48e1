using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Transport;

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
    private readonly TcpRemotingClient _client = new(new RemotingOptions { ConnectTimeout = TimeSpan.FromSeconds(1) },
        null, NullLoggerFactory.Instance, TimeProvider.System);

    /// <summary>brokerAddrs["0"] (the master) of the first broker in <paramref name="topic"/>'s route, or null when
    /// the name server has none.</summary>
    public async Task<string?> FindMasterAsync(string nameServer, string topic, TimeSpan timeout)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic);
        request.SetExtField("topic", topic);
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
        var request = RemotingCommand.CreateRequest(RequestCode.UpdateAndCreateTopic);
        request.SetExtField("topic", topic);
        request.SetExtField("defaultTopic", "TBW102");
        request.SetExtField("readQueueNums", Text(queues));
        request.SetExtField("writeQueueNums", Text(queues));
        request.SetExtField("perm", "6");
        request.SetExtField("topicFilterType", "SINGLE_TAG");
        request.SetExtField("topicSysFlag", "0");
        request.SetExtField("order", "false");
        var response = await _client.InvokeAsync(broker, request, timeout).ConfigureAwait(false);
        return (response.Code, response.Remark);
    }

    /// <summary>SEND_MESSAGE_V2 of <paramref name="value"/> to one queue, with ali-ons's one-letter header keys.</summary>
    public async Task<SendAnswer> SendAsync(string broker, string topic, int queueId, long value, TimeSpan timeout,
        CancellationToken token)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.SendMessageV2);
        request.SetExtField("a", ProducerGroup);
        request.SetExtField("b", topic);
        request.SetExtField("c", "TBW102");
        request.SetExtField("d", "4");
        request.SetExtField("e", Text(queueId));
        request.SetExtField("f", "0");
        request.SetExtField("g", Text(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        request.SetExtField("h", "0");
        request.SetExtField("i", $"KEYS\u0001{Text(value)}\u0002WAIT\u0001true\u0002");
        request.SetExtField("j", "0");
        request.SetExtField("k", "false");
        request.Body = Encoding.ASCII.GetBytes(Text(value));
        var response = await _client.InvokeAsync(broker, request, timeout, token).ConfigureAwait(false);
        var offset = long.TryParse(response.GetExtField("queueOffset"), NumberStyles.Integer,
            CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        return new SendAnswer(response.Code, response.Remark, offset);
    }

    /// <summary>PULL_MESSAGE without suspension; the subscription ("*") travels with the pull, as a lite pull
    /// consumer's does, so no heartbeat is needed.</summary>
    public async Task<PullAnswer> PullAsync(string broker, string topic, int queueId, long offset, int maxMessages,
        TimeSpan timeout, CancellationToken token)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.PullMessage);
        request.SetExtField("consumerGroup", ConsumerGroup);
        request.SetExtField("topic", topic);
        request.SetExtField("queueId", Text(queueId));
        request.SetExtField("queueOffset", Text(offset));
        request.SetExtField("maxMsgNums", Text(maxMessages));
        request.SetExtField("sysFlag", "4");
        request.SetExtField("commitOffset", "0");
        request.SetExtField("suspendTimeoutMillis", "0");
        request.SetExtField("subscription", "*");
        request.SetExtField("subVersion", "0");
        var response = await _client.InvokeAsync(broker, request, timeout, token).ConfigureAwait(false);
        var next = long.TryParse(response.GetExtField("nextBeginOffset"), NumberStyles.Integer,
            CultureInfo.InvariantCulture, out var value) ? value : offset;
        var reads = response.Code == ResponseCode.Success ? StoredMessages.Decode(response.Body.Span) : [];
        return new PullAnswer(response.Code, response.Remark, next, reads);
    }

    /// <summary>GET_MAX_OFFSET: the queue's end (one past its last message).</summary>
    public async Task<long?> MaxOffsetAsync(string broker, string topic, int queueId, TimeSpan timeout)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetMaxOffset);
        request.SetExtField("topic", topic);
        request.SetExtField("queueId", Text(queueId));
        var response = await _client.InvokeAsync(broker, request, timeout).ConfigureAwait(false);
        return response.Code == ResponseCode.Success && long.TryParse(response.GetExtField("offset"),
            NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) ? max : null;
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

    /// <summary>The v1 stored-message layout of a pull body: QUEUEOFFSET at 20, the body after the hosts.</summary>
    private static class StoredMessages
    {
        public static List<(long Offset, long Value)> Decode(ReadOnlySpan<byte> body)
        {
            var reads = new List<(long, long)>();
            while (body.Length >= 4)
            {
                var size = BinaryPrimitives.ReadInt32BigEndian(body);
                if (size <= 0 || size > body.Length)
                {
                    throw new InvalidDataException($"a pulled message claims {size} bytes with {body.Length} left");
                }

                var message = body[..size];
                var queueOffset = BinaryPrimitives.ReadInt64BigEndian(message[20..]);
                var sysFlag = BinaryPrimitives.ReadInt32BigEndian(message[36..]);
                var bornHost = (sysFlag & 0x10) != 0 ? 20 : 8;
                var storeHost = (sysFlag & 0x20) != 0 ? 20 : 8;
                var bodyLengthAt = 48 + bornHost + 8 + storeHost + 4 + 8;
                var bodyLength = BinaryPrimitives.ReadInt32BigEndian(message[bodyLengthAt..]);
                var text = message.Slice(bodyLengthAt + 4, bodyLength);
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    throw new InvalidDataException(
                        $"message at queue offset {queueOffset} has a body that is not a workload value");
                }

                reads.Add((queueOffset, value));
                body = body[size..];
            }

            return reads;
        }
    }
}
