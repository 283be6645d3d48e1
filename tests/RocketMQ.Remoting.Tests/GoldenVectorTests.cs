using System.Buffers;
using System.Text;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Tests;

/// <summary>Byte vectors worked out by hand from the frame layout in docs (rocketmq-protocol.md §1).</summary>
public class GoldenVectorTests
{
    // GET_ROUTEINFO_BY_TOPIC(105) in ROCKETMQ binary form, JAVA, version 413, opaque 1, flag 0, topic=T:
    //   00000025  frame length 37 = 4 + header 33
    //   01000021  serialize type 1 << 24 | header length 33
    //   0069 00 019D 00000001 00000000   code 105, language JAVA, version 413, opaque 1, flag 0
    //   00000000                          remark length 0 (no remark)
    //   0000000C                          ext length 12 = 2 + 5 + 4 + 1
    //   0005 746F706963 00000001 54       "topic" -> "T"
    private const string BinaryRequestHex =
        "00000025" + "01000021" + "0069" + "00" + "019D" + "00000001" + "00000000" + "00000000" + "0000000C" +
        "0005" + "746F706963" + "00000001" + "54";

    // TOPIC_NOT_EXIST(17) response in ROCKETMQ binary form, DOTNET, version 413, opaque 7, flag 1 (response),
    // remark "ok", no ext fields, body "hi":
    //   0000001D  frame length 29 = 4 + header 23 + body 2
    //   01000017  type 1, header length 23
    //   0011 02 019D 00000007 00000001  code 17, DOTNET, 413, opaque 7, flag 1
    //   00000002 6F6B                   remark "ok"
    //   00000000                        ext length 0
    //   6869                            body "hi"
    private const string BinaryResponseHex =
        "0000001D" + "01000017" + "0011" + "02" + "019D" + "00000007" + "00000001" + "00000002" + "6F6B" +
        "00000000" + "6869";

    // The same request in JSON form: properties in fastjson's (alphabetical) order.
    private const string JsonRequestHeader =
        "{\"code\":105,\"extFields\":{\"topic\":\"T\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":1," +
        "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":413}";

    [Fact]
    public void Binary_request_matches_the_hand_encoded_bytes()
    {
        var command = RouteRequest(SerializeType.RocketMq);

        Assert.Equal(BinaryRequestHex, Convert.ToHexString(RemotingCommandCodec.EncodeToArray(command)));
        CommandAssert.Equal(command, Decode(Convert.FromHexString(BinaryRequestHex)));
    }

    [Fact]
    public void Binary_response_with_remark_and_body_matches_the_hand_encoded_bytes()
    {
        var command = new RemotingCommand
        {
            Code = ResponseCode.TopicNotExist,
            Language = LanguageCode.DotNet,
            Version = 413,
            Opaque = 7,
            Flag = 1,
            Remark = "ok",
            Body = "hi"u8.ToArray(),
            SerializeType = SerializeType.RocketMq,
        };

        Assert.Equal(BinaryResponseHex, Convert.ToHexString(RemotingCommandCodec.EncodeToArray(command)));
        var decoded = Decode(Convert.FromHexString(BinaryResponseHex));
        CommandAssert.Equal(command, decoded);
        Assert.True(decoded.IsResponse);
    }

    [Fact]
    public void Json_request_matches_the_hand_encoded_bytes()
    {
        // 0000007F = 4 + 123 header bytes; 0000007B = type 0 << 24 | 123.
        Assert.Equal(123, JsonRequestHeader.Length);
        var expected = "0000007F" + "0000007B" + Convert.ToHexString(Encoding.UTF8.GetBytes(JsonRequestHeader));
        var command = RouteRequest(SerializeType.Json);

        Assert.Equal(expected, Convert.ToHexString(RemotingCommandCodec.EncodeToArray(command)));
        CommandAssert.Equal(command, Decode(Convert.FromHexString(expected)));
    }

    [Fact]
    public void Json_header_as_a_java_client_writes_it_decodes()
    {
        // Property order, a null remark, numeric ext values and unknown fields must not matter.
        const string Header =
            "{\"language\":\"JAVA\",\"remark\":null,\"extFields\":{\"topic\":\"T\",\"queueId\":3,\"flag\":true," +
            "\"x\":null},\"opaque\":9,\"code\":11,\"flag\":2,\"version\":399,\"serializeTypeCurrentRPC\":\"JSON\"," +
            "\"unknown\":[1,{}]}";
        var bytes = Frame(0, Encoding.UTF8.GetBytes(Header));

        var command = Decode(bytes);

        Assert.Equal(11, command.Code);
        Assert.Equal(9, command.Opaque);
        Assert.True(command.IsOneway);
        Assert.Null(command.Remark);
        Assert.Equal("T", command.GetExtField("topic"));
        Assert.Equal("3", command.GetExtField("queueId"));
        Assert.Equal("true", command.GetExtField("flag"));
        Assert.False(command.ExtFields!.ContainsKey("x"));
    }

    internal static byte[] Frame(byte serializeType, byte[] header, byte[]? body = null)
    {
        body ??= [];
        var bytes = new byte[8 + header.Length + body.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, 4 + header.Length + body.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(
            bytes.AsSpan(4), serializeType << 24 | header.Length);
        header.CopyTo(bytes, 8);
        body.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    internal static RemotingCommand Decode(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, 1 << 24, 1 << 20, out var frame));
        Assert.True(buffer.IsEmpty);
        return RemotingCommandCodec.Decode(frame);
    }

    private static RemotingCommand RouteRequest(SerializeType serializeType) => new()
    {
        Code = RequestCode.GetRouteInfoByTopic,
        Language = LanguageCode.Java,
        Version = 413,
        Opaque = 1,
        ExtFields = new Dictionary<string, string> { ["topic"] = "T" },
        SerializeType = serializeType,
    };
}
