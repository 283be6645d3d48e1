using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RocketMQ.Remoting.Protocol.Body;

/// <summary>
/// JSON bodies as RocketMQ's RemotingSerializable writes them (camelCase Java field names), via source-generated
/// metadata: no reflection on the request path. Reading is lenient about numbers in strings and trailing commas.
/// </summary>
public static class RemotingJson
{
    /// <summary>Serializes a body.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    /// <summary>Reads a body; a missing or malformed body becomes a <see cref="RemotingCommandException"/> that
    /// the dispatcher answers with SYSTEM_ERROR and the reason.</summary>
    public static T Deserialize<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo)
    {
        if (body.IsEmpty)
        {
            throw new RemotingCommandException($"the request body ({typeof(T).Name}) is missing");
        }

        try
        {
            return JsonSerializer.Deserialize(body.Span, typeInfo)
                ?? throw new RemotingCommandException($"the request body ({typeof(T).Name}) is null");
        }
        catch (JsonException e)
        {
            throw new RemotingCommandException($"the request body is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }
}

/// <summary>Source-generated serializers of every body type.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(TopicRouteData))]
[JsonSerializable(typeof(ClusterInfo))]
[JsonSerializable(typeof(TopicList))]
[JsonSerializable(typeof(KvTable))]
[JsonSerializable(typeof(RegisterBrokerBody))]
[JsonSerializable(typeof(DataVersion))]
[JsonSerializable(typeof(List<string>))]
public sealed partial class RemotingJsonContext : JsonSerializerContext;
