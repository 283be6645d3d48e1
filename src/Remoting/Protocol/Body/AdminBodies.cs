using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RocketMQ.Remoting.Protocol.Body;

/// <summary>
/// A consumer group's broker-side settings as RocketMQ 4.9.8's SubscriptionGroupConfig travels in
/// UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200) and GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201); absent fields take Java's
/// defaults, unknown ones (RocketMQ 5's additions) are ignored.
/// </summary>
public sealed class SubscriptionGroupConfigBody
{
    public string? GroupName { get; set; }

    public bool ConsumeEnable { get; set; } = true;

    public bool ConsumeFromMinEnable { get; set; } = true;

    public bool ConsumeBroadcastEnable { get; set; } = true;

    public int RetryQueueNums { get; set; } = 1;

    public int RetryMaxTimes { get; set; } = 16;

    /// <summary>Broker id consumers pull from (0 = master).</summary>
    public long BrokerId { get; set; }

    public long WhichBrokerWhenConsumeSlowly { get; set; } = 1;

    public bool NotifyConsumerIdsChangedEnable { get; set; } = true;
}

/// <summary>GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) body: Java's SubscriptionGroupManager as serialized
/// (<c>subscriptionGroupTable</c> and <c>dataVersion</c>).</summary>
public sealed class SubscriptionGroupWrapper
{
    /// <summary>Group name → settings.</summary>
    public Dictionary<string, SubscriptionGroupConfigBody> SubscriptionGroupTable { get; set; } = [];

    public DataVersion DataVersion { get; set; } = new();
}

/// <summary>A queue of a topic on a broker (Java's MessageQueue).</summary>
public sealed record MessageQueueBody(string Topic, string BrokerName, int QueueId);

/// <summary>One queue's bounds (Java's TopicOffset).</summary>
public sealed record TopicOffsetBody(long MinOffset, long MaxOffset, long LastUpdateTimestamp);

/// <summary>
/// GET_TOPIC_STATS_INFO (202) body, Java's TopicStatsTable: <c>{"offsetTable":{MessageQueue:TopicOffset,…}}</c>.
/// fastjson writes a map keyed by an object with the key as a bare JSON object —
/// <c>{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{"lastUpdateTimestamp":…,"maxOffset":…,
/// "minOffset":…}}}</c> — which is not standard JSON but is what Java's tools parse, so it is written (and read) by
/// hand here.
/// </summary>
public static class TopicStatsTableCodec
{
    /// <summary>Writes the table in fastjson's form (bean properties in alphabetical order).</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<MessageQueueBody, TopicOffsetBody>> offsetTable)
    {
        ArgumentNullException.ThrowIfNull(offsetTable);
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write("{\"offsetTable\":{"u8);
        var first = true;
        foreach (var (queue, offset) in offsetTable)
        {
            if (!first)
            {
                buffer.Write(","u8);
            }

            first = false;
            using (var key = new Utf8JsonWriter(buffer))
            {
                key.WriteStartObject();
                key.WriteString("brokerName", queue.BrokerName);
                key.WriteNumber("queueId", queue.QueueId);
                key.WriteString("topic", queue.Topic);
                key.WriteEndObject();
            }

            buffer.Write(":"u8);
            using var value = new Utf8JsonWriter(buffer);
            value.WriteStartObject();
            value.WriteNumber("lastUpdateTimestamp", offset.LastUpdateTimestamp);
            value.WriteNumber("maxOffset", offset.MaxOffset);
            value.WriteNumber("minOffset", offset.MinOffset);
            value.WriteEndObject();
        }

        buffer.Write("}}"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads what <see cref="Encode"/> (or Java's broker) wrote, in order.</summary>
    /// <exception cref="RemotingCommandException">The body is not a TopicStatsTable.</exception>
    public static List<KeyValuePair<MessageQueueBody, TopicOffsetBody>> Decode(ReadOnlySpan<byte> body)
    {
        var result = new List<KeyValuePair<MessageQueueBody, TopicOffsetBody>>();
        var position = Expect(body, 0, "{"u8);
        position = Expect(body, position, "\"offsetTable\""u8);
        position = Expect(body, position, ":"u8);
        position = Expect(body, position, "{"u8);
        while (true)
        {
            position = SkipBlanks(body, position);
            if (position < body.Length && body[position] == (byte)'}')
            {
                return result;
            }

            if (result.Count > 0)
            {
                position = Expect(body, position, ","u8);
            }

            using var key = ReadObject(body, ref position);
            position = Expect(body, position, ":"u8);
            using var value = ReadObject(body, ref position);
            var k = key.RootElement;
            var v = value.RootElement;
            result.Add(KeyValuePair.Create(
                new MessageQueueBody(k.GetProperty("topic").GetString() ?? "",
                    k.GetProperty("brokerName").GetString() ?? "", k.GetProperty("queueId").GetInt32()),
                new TopicOffsetBody(v.GetProperty("minOffset").GetInt64(), v.GetProperty("maxOffset").GetInt64(),
                    v.GetProperty("lastUpdateTimestamp").GetInt64())));
        }
    }

    private static JsonDocument ReadObject(ReadOnlySpan<byte> body, ref int position)
    {
        position = SkipBlanks(body, position);

        // Not a final block: the reader stops at the object's end without judging the ':' or ',' after it.
        var reader = new Utf8JsonReader(body[position..], isFinalBlock: false, state: default);
        try
        {
            if (!JsonDocument.TryParseValue(ref reader, out var document))
            {
                throw new RemotingCommandException("the TopicStatsTable body ends inside an object");
            }

            position += (int)reader.BytesConsumed;
            return document;
        }
        catch (JsonException e)
        {
            throw new RemotingCommandException($"the TopicStatsTable body is malformed: {e.Message}", e);
        }
    }

    // Blanks may precede a token, as JSON allows.
    private static int Expect(ReadOnlySpan<byte> body, int position, ReadOnlySpan<byte> token)
    {
        position = SkipBlanks(body, position);
        if (!body[position..].StartsWith(token))
        {
            throw new RemotingCommandException(
                $"the TopicStatsTable body is malformed at byte {position}: expected {Encoding.UTF8.GetString(token)}");
        }

        return position + token.Length;
    }

    private static int SkipBlanks(ReadOnlySpan<byte> body, int position)
    {
        while (position < body.Length && body[position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            position++;
        }

        return position;
    }
}

/// <summary>Source-generated serializers of the admin bodies. Reading matches names case-insensitively, as
/// fastjson does.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(SubscriptionGroupConfigBody))]
[JsonSerializable(typeof(SubscriptionGroupWrapper))]
[JsonSerializable(typeof(TopicConfigSerializeWrapper))]
[JsonSerializable(typeof(DataVersion))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
