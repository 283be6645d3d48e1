using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RocketMQ.Remoting.Protocol.Body;

/// <summary>HEART_BEAT (34) body: the client's producer and consumer groups (<c>HeartbeatData</c>).</summary>
/// <remarks>Enum-valued fields (consume type, message model, …) are kept as the strings Java writes, so an
/// unknown value from a newer client is carried, not refused.</remarks>
public sealed class HeartbeatData
{
    [JsonPropertyName("clientID")]
    public string? ClientId { get; set; }

    public List<ProducerData> ProducerDataSet { get; set; } = [];

    public List<ConsumerData> ConsumerDataSet { get; set; } = [];
}

/// <summary>One producer group of a heartbeat.</summary>
public sealed class ProducerData
{
    public string? GroupName { get; set; }
}

/// <summary>One consumer group of a heartbeat.</summary>
public sealed class ConsumerData
{
    public string? GroupName { get; set; }

    /// <summary><c>CONSUME_ACTIVELY</c> (pull) or <c>CONSUME_PASSIVELY</c> (push).</summary>
    public string? ConsumeType { get; set; }

    /// <summary><c>CLUSTERING</c> or <c>BROADCASTING</c>.</summary>
    public string? MessageModel { get; set; }

    /// <summary>E.g. <c>CONSUME_FROM_LAST_OFFSET</c>, <c>CONSUME_FROM_FIRST_OFFSET</c>.</summary>
    public string? ConsumeFromWhere { get; set; }

    public List<SubscriptionData> SubscriptionDataSet { get; set; } = [];

    public bool UnitMode { get; set; }
}

/// <summary>A consumer's subscription to one topic (<c>SubscriptionData</c>).</summary>
public sealed class SubscriptionData
{
    /// <summary>The expression that selects everything.</summary>
    public const string SubscribeAll = "*";

    public bool ClassFilterMode { get; set; }

    public string? Topic { get; set; }

    /// <summary>The expression: <c>*</c>, tags <c>a || b</c>, or an SQL92 expression.</summary>
    public string? SubString { get; set; }

    public List<string> TagsSet { get; set; } = [];

    /// <summary>Java <c>String.hashCode()</c> of each tag in <see cref="TagsSet"/>.</summary>
    public List<int> CodeSet { get; set; } = [];

    public long SubVersion { get; set; }

    /// <summary><c>TAG</c> or <c>SQL92</c>.</summary>
    public string? ExpressionType { get; set; } = "TAG";
}

/// <summary>GET_CONSUMER_LIST_BY_GROUP (38) response body.</summary>
public sealed class ConsumerListBody
{
    public List<string> ConsumerIdList { get; set; } = [];
}

/// <summary>One client connection in GET_CONSUMER_CONNECTION_LIST / GET_PRODUCER_CONNECTION_LIST bodies.</summary>
public sealed class Connection
{
    public string? ClientId { get; set; }

    /// <summary>The client's <c>ip:port</c> as the broker sees it.</summary>
    public string? ClientAddr { get; set; }

    /// <summary>The language name as Java writes it (<c>JAVA</c>, <c>DOTNET</c>, …).</summary>
    public string? Language { get; set; }

    public int Version { get; set; }
}

/// <summary>GET_CONSUMER_CONNECTION_LIST (203) response body.</summary>
public sealed class ConsumerConnection
{
    public List<Connection> ConnectionSet { get; set; } = [];

    /// <summary>Topic → the group's subscription.</summary>
    public Dictionary<string, SubscriptionData> SubscriptionTable { get; set; } = [];

    public string? ConsumeType { get; set; }

    public string? MessageModel { get; set; }

    public string? ConsumeFromWhere { get; set; }
}

/// <summary>GET_PRODUCER_CONNECTION_LIST (204) response body.</summary>
public sealed class ProducerConnection
{
    public List<Connection> ConnectionSet { get; set; } = [];
}

/// <summary>A message queue as bodies carry it (<c>MessageQueue</c>); properties in fastjson's (sorted) order.
/// </summary>
public sealed record MessageQueueData
{
    public string BrokerName { get; set; } = "";

    public int QueueId { get; set; }

    public string Topic { get; set; } = "";
}

/// <summary>LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42) request body.</summary>
public sealed class LockBatchRequestBody
{
    public string? ConsumerGroup { get; set; }

    public string? ClientId { get; set; }

    public List<MessageQueueData> MqSet { get; set; } = [];

    /// <summary>Sent by newer clients; a broker group answers for its own queues either way.</summary>
    public bool OnlyThisBroker { get; set; }
}

/// <summary>LOCK_BATCH_MQ (41) response body: the queues the client now holds.</summary>
public sealed class LockBatchResponseBody
{
    [JsonPropertyName("lockOKMQSet")]
    public List<MessageQueueData> LockOkMqSet { get; set; } = [];
}

/// <summary>A queue's offsets in GET_CONSUME_STATS (<c>OffsetWrapper</c>).</summary>
public sealed class OffsetWrapper
{
    /// <summary>The queue's max offset.</summary>
    public long BrokerOffset { get; set; }

    /// <summary>The group's committed offset (0 when none).</summary>
    public long ConsumerOffset { get; set; }

    /// <summary>Store time of the last consumed message (0 when unknown).</summary>
    public long LastTimestamp { get; set; }
}

/// <summary>GET_CONSUME_STATS (208) response body (<c>ConsumeStats</c>).</summary>
public sealed class ConsumeStats
{
    public List<KeyValuePair<MessageQueueData, OffsetWrapper>> OffsetTable { get; } = [];

    public double ConsumeTps { get; set; }
}

/// <summary>
/// <see cref="ConsumeStats"/> in fastjson's form: its <c>offsetTable</c> is a map keyed by objects, which fastjson
/// writes as <c>{{"brokerName":…,"queueId":0,"topic":…}:{…}}</c> — not standard JSON, but what Java clients parse.
/// </summary>
public static class ConsumeStatsCodec
{
    /// <summary>Writes <paramref name="stats"/> as Java's broker does.</summary>
    public static byte[] Encode(ConsumeStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var output = new ArrayBufferWriter<byte>(64 + (stats.OffsetTable.Count * 128));
        Write(output, "{\"consumeTps\":"u8);
        var tps = stats.ConsumeTps.ToString("0.0###", CultureInfo.InvariantCulture);
        Write(output, System.Text.Encoding.UTF8.GetBytes(tps));
        Write(output, ",\"offsetTable\":{"u8);
        for (var i = 0; i < stats.OffsetTable.Count; i++)
        {
            if (i > 0)
            {
                Write(output, ","u8);
            }

            var (queue, offsets) = (stats.OffsetTable[i].Key, stats.OffsetTable[i].Value);
            Write(output, JsonSerializer.SerializeToUtf8Bytes(queue, ClientJsonContext.Default.MessageQueueData));
            Write(output, ":"u8);
            Write(output, JsonSerializer.SerializeToUtf8Bytes(offsets, ClientJsonContext.Default.OffsetWrapper));
        }

        Write(output, "}}"u8);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads fastjson's form (and the same with string keys).</summary>
    /// <exception cref="JsonException">Not a ConsumeStats body.</exception>
    public static ConsumeStats Decode(ReadOnlySpan<byte> json)
    {
        var raw = JsonSerializer.Deserialize(FastJson.QuoteObjectKeys(json), ClientJsonContext.Default.RawConsumeStats)
            ?? throw new JsonException("the ConsumeStats body is null");
        var stats = new ConsumeStats { ConsumeTps = raw.ConsumeTps };
        foreach (var (key, value) in raw.OffsetTable)
        {
            var queue = JsonSerializer.Deserialize(key, ClientJsonContext.Default.MessageQueueData)
                ?? throw new JsonException("a null message queue key");
            stats.OffsetTable.Add(KeyValuePair.Create(queue, value));
        }

        return stats;
    }

    private static void Write(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);
}

/// <summary>Standard-JSON stand-in for <see cref="ConsumeStats"/> after object keys became strings.</summary>
public sealed class RawConsumeStats
{
    public Dictionary<string, OffsetWrapper> OffsetTable { get; set; } = [];

    public double ConsumeTps { get; set; }
}

/// <summary>Reads fastjson's non-standard object keys.</summary>
internal static class FastJson
{
    private const int InArray = 0;
    private const int ExpectingKey = 1;
    private const int ExpectingValue = 2;

    /// <summary>Rewrites every object used as a map key (<c>{{…}:…}</c>) as a JSON string holding that object.
    /// </summary>
    public static byte[] QuoteObjectKeys(ReadOnlySpan<byte> json)
    {
        var output = new ArrayBufferWriter<byte>(json.Length + 64);
        var scopes = new Stack<int>();
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            var end = i + 1;
            if (b == '"')
            {
                end = SkipString(json, i);
            }
            else if (b == '{' && scopes.TryPeek(out var scope) && scope == ExpectingKey)
            {
                end = SkipBalanced(json, i);
                output.Write("\""u8);
                output.Write(JsonEncodedText.Encode(json[i..end]).EncodedUtf8Bytes);
                output.Write("\""u8);
                i = end - 1;
                continue;
            }
            else
            {
                Track(scopes, b);
            }

            output.Write(json[i..end]);
            i = end - 1;
        }

        return output.WrittenSpan.ToArray();
    }

    private static void Track(Stack<int> scopes, byte b)
    {
        switch (b)
        {
            case (byte)'{':
                scopes.Push(ExpectingKey);
                break;
            case (byte)'[':
                scopes.Push(InArray);
                break;
            case (byte)'}' or (byte)']' when scopes.Count > 0:
                scopes.Pop();
                break;
            case (byte)':' when scopes.TryPeek(out var scope) && scope == ExpectingKey:
                scopes.Pop();
                scopes.Push(ExpectingValue);
                break;
            case (byte)',' when scopes.TryPeek(out var scope) && scope == ExpectingValue:
                scopes.Pop();
                scopes.Push(ExpectingKey);
                break;
        }
    }

    private static int SkipString(ReadOnlySpan<byte> json, int start)
    {
        for (var i = start + 1; i < json.Length; i++)
        {
            if (json[i] == '\\')
            {
                i++;
            }
            else if (json[i] == '"')
            {
                return i + 1;
            }
        }

        throw new JsonException("an unterminated string");
    }

    private static int SkipBalanced(ReadOnlySpan<byte> json, int start)
    {
        var depth = 0;
        for (var i = start; i < json.Length; i++)
        {
            switch (json[i])
            {
                case (byte)'"':
                    i = SkipString(json, i) - 1;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']' when --depth == 0:
                    return i + 1;
            }
        }

        throw new JsonException("an unterminated object");
    }
}

/// <summary>Source-generated serializers of the client bodies (fastjson leaves nulls out, so do we).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(HeartbeatData))]
[JsonSerializable(typeof(ConsumerListBody))]
[JsonSerializable(typeof(ConsumerConnection))]
[JsonSerializable(typeof(ProducerConnection))]
[JsonSerializable(typeof(LockBatchRequestBody))]
[JsonSerializable(typeof(LockBatchResponseBody))]
[JsonSerializable(typeof(MessageQueueData))]
[JsonSerializable(typeof(OffsetWrapper))]
[JsonSerializable(typeof(RawConsumeStats))]
public sealed partial class ClientJsonContext : JsonSerializerContext;
