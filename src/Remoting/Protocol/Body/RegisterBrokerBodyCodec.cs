using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace RocketMQ.Remoting.Protocol.Body;

/// <summary>
/// REGISTER_BROKER bodies in both forms a broker may send: plain JSON, or (header <c>compressed=true</c>) the
/// zlib-deflated binary form of RocketMQ 4.x: <c>int32 len | DataVersion JSON | int32 topicCount |
/// (int32 len | "name read write perm filterType")* | int32 len | filter-server list JSON</c>, big-endian.
/// The compressed form carries no topicSysFlag/order, as in Java.
/// </summary>
public static class RegisterBrokerBodyCodec
{
    /// <summary>Guards against a hostile length word making us allocate gigabytes.</summary>
    private const int MaxPartBytes = 64 * 1024 * 1024;

    /// <summary>Decodes a body. Malformed input becomes a <see cref="RemotingCommandException"/>.</summary>
    public static RegisterBrokerBody Decode(ReadOnlyMemory<byte> body, bool compressed)
    {
        if (!compressed)
        {
            return RemotingJson.Deserialize(body, RemotingJsonContext.Default.RegisterBrokerBody);
        }

        try
        {
            using var input = new ZLibStream(new MemoryStream(body.ToArray(), writable: false),
                CompressionMode.Decompress);
            var result = new RegisterBrokerBody();
            var wrapper = result.TopicConfigSerializeWrapper;
            wrapper.DataVersion = RemotingJson.Deserialize(ReadPart(input), RemotingJsonContext.Default.DataVersion);
            var topicCount = ReadInt32(input);
            for (var i = 0; i < topicCount; i++)
            {
                var topic = ParseTopicConfig(Encoding.UTF8.GetString(ReadPart(input)));
                wrapper.TopicConfigTable[topic.TopicName] = topic;
            }

            result.FilterServerList = RemotingJson.Deserialize(ReadPart(input),
                RemotingJsonContext.Default.ListString);
            return result;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new RemotingCommandException("the compressed register-broker body is malformed: " + e.Message, e);
        }
    }

    /// <summary>Encodes a body in the requested form.</summary>
    public static byte[] Encode(RegisterBrokerBody body, bool compress)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!compress)
        {
            return RemotingJson.Serialize(body, RemotingJsonContext.Default.RegisterBrokerBody);
        }

        using var buffer = new MemoryStream();
        using (var output = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var wrapper = body.TopicConfigSerializeWrapper;
            WritePart(output, RemotingJson.Serialize(wrapper.DataVersion, RemotingJsonContext.Default.DataVersion));
            WriteInt32(output, wrapper.TopicConfigTable.Count);
            foreach (var topic in wrapper.TopicConfigTable.Values)
            {
                WritePart(output, Encoding.UTF8.GetBytes(string.Join(' ', topic.TopicName,
                    Invariant(topic.ReadQueueNums), Invariant(topic.WriteQueueNums), Invariant(topic.Perm),
                    topic.TopicFilterType)));
            }

            WritePart(output, RemotingJson.Serialize(body.FilterServerList, RemotingJsonContext.Default.ListString));
        }

        return buffer.ToArray();
    }

    private static TopicConfig ParseTopicConfig(string text)
    {
        var parts = text.Split(' ');
        if (parts.Length < 5)
        {
            throw new FormatException($"topic config '{text}' has {parts.Length} fields, expected 5");
        }

        return new TopicConfig
        {
            TopicName = parts[0],
            ReadQueueNums = int.Parse(parts[1], CultureInfo.InvariantCulture),
            WriteQueueNums = int.Parse(parts[2], CultureInfo.InvariantCulture),
            Perm = int.Parse(parts[3], CultureInfo.InvariantCulture),
            TopicFilterType = parts[4],
        };
    }

    private static byte[] ReadPart(Stream input)
    {
        var length = ReadInt32(input);
        if (length is < 0 or > MaxPartBytes)
        {
            throw new FormatException($"part length {length} is out of range");
        }

        var bytes = new byte[length];
        input.ReadExactly(bytes);
        return bytes;
    }

    private static int ReadInt32(Stream input)
    {
        Span<byte> word = stackalloc byte[4];
        input.ReadExactly(word);
        return BinaryPrimitives.ReadInt32BigEndian(word);
    }

    private static void WritePart(Stream output, byte[] bytes)
    {
        WriteInt32(output, bytes.Length);
        output.Write(bytes);
    }

    private static void WriteInt32(Stream output, int value)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, value);
        output.Write(word);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
