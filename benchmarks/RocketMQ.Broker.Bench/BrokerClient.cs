using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Transport;

namespace RocketMQ.Broker.Bench;

/// <summary>
/// The few requests the bench needs, written as clients write them (ext fields by name, JSON headers): route lookup
/// on the name server, topic creation, SEND_MESSAGE_V2 and PULL_MESSAGE on brokers.
/// </summary>
internal sealed class BrokerClient(TimeSpan timeout) : IAsyncDisposable
{
    private readonly TcpRemotingClient _client =
        new(new RemotingOptions(), null, NullLoggerFactory.Instance, TimeProvider.System);

    /// <summary>The master's address of the first broker serving <paramref name="topic"/> (route's brokerId 0).</summary>
    public async Task<string?> FindMasterAsync(string nameServer, string topic)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic);
        request.SetExtField("topic", topic);
        var response = await _client.InvokeAsync(nameServer, request, timeout);
        if (response.Code != ResponseCode.Success)
        {
            return null;
        }

        using var route = System.Text.Json.JsonDocument.Parse(response.Body);
        foreach (var broker in route.RootElement.GetProperty("brokerDatas").EnumerateArray())
        {
            if (broker.GetProperty("brokerAddrs").TryGetProperty("0", out var master))
            {
                return master.GetString();
            }
        }

        return null;
    }

    public async Task<int> CreateTopicAsync(string broker, string topic, int queues)
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
        return (await _client.InvokeAsync(broker, request, timeout)).Code;
    }

    /// <summary>SEND_MESSAGE_V2 with ali-ons's one-letter header keys; returns the response code.</summary>
    public async Task<int> SendAsync(string broker, string topic, int queueId, string properties,
        ReadOnlyMemory<byte> body)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.SendMessageV2);
        request.SetExtField("a", "PID_BENCH");
        request.SetExtField("b", topic);
        request.SetExtField("c", "TBW102");
        request.SetExtField("d", "4");
        request.SetExtField("e", Text(queueId));
        request.SetExtField("f", "0");
        request.SetExtField("g", Text(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        request.SetExtField("h", "0");
        request.SetExtField("i", properties);
        request.SetExtField("j", "0");
        request.SetExtField("k", "false");
        request.Body = body;
        return (await _client.InvokeAsync(broker, request, timeout)).Code;
    }

    /// <summary>PULL_MESSAGE without suspension, subscription "*" in the request; returns (code, messages in the body, next offset).</summary>
    public async Task<(int Code, int Messages, long NextOffset)> PullAsync(string broker, string topic, int queueId,
        long offset, int maxMessages)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.PullMessage);
        request.SetExtField("consumerGroup", "CID_BENCH");
        request.SetExtField("topic", topic);
        request.SetExtField("queueId", Text(queueId));
        request.SetExtField("queueOffset", Text(offset));
        request.SetExtField("maxMsgNums", Text(maxMessages));

        // FLAG_SUBSCRIPTION: the subscription travels with the pull (no heartbeat needed), as a lite pull consumer.
        request.SetExtField("sysFlag", "4");
        request.SetExtField("commitOffset", "0");
        request.SetExtField("suspendTimeoutMillis", "0");
        request.SetExtField("subscription", "*");
        request.SetExtField("subVersion", "0");
        var response = await _client.InvokeAsync(broker, request, timeout);
        var next = long.TryParse(response.GetExtField("nextBeginOffset"), NumberStyles.Integer,
            CultureInfo.InvariantCulture, out var value) ? value : offset;
        return (response.Code, CountMessages(response.Body.Span), next);
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    /// <summary>Stored messages are back to back, each starting with its int32 TOTALSIZE.</summary>
    private static int CountMessages(ReadOnlySpan<byte> body)
    {
        var count = 0;
        while (body.Length >= 4)
        {
            var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(body);
            if (size <= 0 || size > body.Length)
            {
                break;
            }

            body = body[size..];
            count++;
        }

        return count;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
