using System.Buffers;
using System.Text;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Tests;

/// <summary>Byte vectors worked out by hand from the frame layout in docs (rocketmq-protocol.md §1). Version 409
/// (0x0199) is what a RocketMQ 4.9.8 Java client stamps (MQVersion.Version.V4_9_8 ordinal).</summary>
public class GoldenVectorTests
{
    // GET_ROUTEINFO_BY_TOPIC(105) in ROCKETMQ binary form, JAVA, version 409, opaque 1, flag 0, topic=T:
    //   00000025  frame length 37 = 4 + header 33
    //   01000021  serialize type 1 << 24 | header length 33
    //   0069 00 0199 00000001 00000000   code 105, language JAVA, version 409, opaque 1, flag 0
    //   00000000                          remark length 0 (no remark)
    //   0000000C                          ext length 12 = 2 + 5 + 4 + 1
    //   0005 746F706963 00000001 54       "topic" -> "T"
    private const string BinaryRequestHex =
        "00000025" + "01000021" + "0069" + "00" + "0199" + "00000001" + "00000000" + "00000000" + "0000000C" +
        "0005" + "746F706963" + "00000001" + "54";

    // TOPIC_NOT_EXIST(17) response in ROCKETMQ binary form, DOTNET, version 409, opaque 7, flag 1 (response),
    // remark "ok", no ext fields, body "hi":
    //   0000001D  frame length 29 = 4 + header 23 + body 2
    //   01000017  type 1, header length 23
    //   0011 02 0199 00000007 00000001  code 17, DOTNET, 409, opaque 7, flag 1
    //   00000002 6F6B                   remark "ok"
    //   00000000                        ext length 0
    //   6869                            body "hi"
    private const string BinaryResponseHex =
        "0000001D" + "01000017" + "0011" + "02" + "0199" + "00000007" + "00000001" + "00000002" + "6F6B" +
        "00000000" + "6869";

    // The same request in JSON form: properties in fastjson's (alphabetical) order.
    private const string JsonRequestHeader =
        "{\"code\":105,\"extFields\":{\"topic\":\"T\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":1," +
        "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":409}";

    // SUCCESS(0) response in JSON form, DOTNET, version 409, opaque 7, flag 1, remark é"<newline>, ext offset=42,
    // no body. Properties in fastjson's alphabetical order; é stays raw UTF-8, the quote and newline are escaped.
    //   00000093  frame length 147 = 4 + header 143
    //   0000008F  serialize type 0 << 24 | header length 143
    private const string JsonResponseHex =
        "00000093" + "0000008F" +
        "7B" + //                                                      {
        "22636F6465223A30" + //                                        "code":0
        "2C226578744669656C6473223A" + //                              ,"extFields":
        "7B226F6666736574223A223432227D" + //                          {"offset":"42"}
        "2C22666C6167223A31" + //                                      ,"flag":1
        "2C226C616E6775616765223A22444F544E455422" + //                ,"language":"DOTNET"
        "2C226F7061717565223A37" + //                                  ,"opaque":7
        "2C2272656D61726B223A22" + "C3A9" + "5C22" + "5C6E" + "22" + // ,"remark":" é \" \n "
        "2C2273657269616C697A655479706543757272656E74525043223A" + //  ,"serializeTypeCurrentRPC":
        "224A534F4E22" + //                                            "JSON"
        "2C2276657273696F6E223A343039" + //                            ,"version":409
        "7D"; //                                                       }

    [Fact]
    public void Json_response_with_escapes_matches_the_hand_encoded_bytes()
    {
        var command = new RemotingCommand
        {
            Code = ResponseCode.Success,
            Language = LanguageCode.DotNet,
            Version = 409,
            Opaque = 7,
            Flag = 1,
            Remark = "é\"\n",
            ExtFields = new Dictionary<string, string> { ["offset"] = "42" },
            SerializeType = SerializeType.Json,
        };

        Assert.Equal(JsonResponseHex, Convert.ToHexString(RemotingCommandCodec.EncodeToArray(command)));
        var decoded = Decode(Convert.FromHexString(JsonResponseHex));
        CommandAssert.Equal(command, decoded);
        Assert.True(decoded.IsResponse);
    }

    [Fact]
    public void Json_header_with_raw_utf8_and_unicode_escapes_decodes_to_the_same_text()
    {
        // fastjson writes non-ASCII raw (the emoji as 4 UTF-8 bytes); other writers use \u escapes incl. a
        // surrogate pair. Both must read back as the same string.
        const string Header =
            "{\"code\":1,\"remark\":\"中😀\",\"extFields\":{\"k\u00e9\":\"\\u4e2d\\ud83d\\ude00\"}}";

        var command = Decode(Frame(0, Encoding.UTF8.GetBytes(Header)));

        Assert.Equal("中😀", command.Remark);
        Assert.Equal("中😀", command.GetExtField("ké"));
        Assert.Equal(LanguageCode.DotNet, command.Language); // absent: the default stands
    }

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
            Version = 409,
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
        Version = 409,
        Opaque = 1,
        ExtFields = new Dictionary<string, string> { ["topic"] = "T" },
        SerializeType = serializeType,
    };
}
