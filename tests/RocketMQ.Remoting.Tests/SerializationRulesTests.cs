using System.Buffers;
using System.Text;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Tests;

/// <summary>What each serialization preserves, checked against rocketmq-all-4.9.8's RocketMQSerializable and
/// fastjson behaviour, and the encoder's promise to fail before writing anything.</summary>
public class SerializationRulesTests
{
    [Theory]
    [InlineData(SerializeType.Json, 70_000, 70_000)]
    [InlineData(SerializeType.RocketMq, 70_000, 4_464)] // (short)70000: Java casts code and version to short.
    [InlineData(SerializeType.RocketMq, 40_000, -25_536)]
    public void Code_and_version_keep_16_bits_in_binary_only(SerializeType type, int sent, int received)
    {
        var decoded = RoundTrip(new RemotingCommand { Code = sent, Version = sent, SerializeType = type });

        Assert.Equal(received, decoded.Code);
        Assert.Equal(received, decoded.Version);
    }

    [Fact]
    public void Empty_remark_survives_json_but_reads_as_null_in_binary()
    {
        Assert.Equal("", RoundTrip(new RemotingCommand { Remark = "", SerializeType = SerializeType.Json }).Remark);
        Assert.Null(RoundTrip(new RemotingCommand { Remark = "", SerializeType = SerializeType.RocketMq }).Remark);
    }

    [Fact]
    public void Empty_ext_key_or_value_reads_as_absent_in_binary_as_java_reads_it_as_null()
    {
        var fields = new Dictionary<string, string> { ["topic"] = "", [""] = "x", ["queueId"] = "1" };

        var json = RoundTrip(new RemotingCommand { ExtFields = new(fields), SerializeType = SerializeType.Json });
        var binary = RoundTrip(new RemotingCommand { ExtFields = new(fields), SerializeType = SerializeType.RocketMq });

        Assert.Equal(fields, json.ExtFields);
        Assert.Equal(new Dictionary<string, string> { ["queueId"] = "1" }, binary.ExtFields);
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public void Null_ext_values_are_not_written(SerializeType type)
    {
        var fields = new Dictionary<string, string> { ["topic"] = "T", ["tags"] = null! };

        var decoded = RoundTrip(new RemotingCommand { ExtFields = fields, SerializeType = type });

        Assert.Equal(new Dictionary<string, string> { ["topic"] = "T" }, decoded.ExtFields);
    }

    [Theory]
    [InlineData("\"RUST\"", LanguageCode.Rust)]
    [InlineData("\"DOTNET\"", LanguageCode.DotNet)]
    [InlineData("\"KOTLIN\"", LanguageCode.Other)]
    [InlineData("\"java\"", LanguageCode.Other)] // Java's enum names are case-sensitive.
    [InlineData("9", LanguageCode.Go)]
    [InlineData("99", LanguageCode.Other)]
    [InlineData("null", LanguageCode.Other)]
    public void Json_language_is_read_by_java_name_or_number(string json, LanguageCode expected)
    {
        var header = Encoding.UTF8.GetBytes($"{{\"code\":1,\"language\":{json}}}");

        Assert.Equal(expected, GoldenVectorTests.Decode(GoldenVectorTests.Frame(0, header)).Language);
    }

    [Fact]
    public void Unknown_binary_language_byte_reads_as_other()
    {
        var header = Convert.FromHexString("0001" + "63" + "0199" + "00000001" + "00000000" + "00000000" + "00000000");

        Assert.Equal(LanguageCode.Other, GoldenVectorTests.Decode(GoldenVectorTests.Frame(1, header)).Language);
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public void Lone_surrogates_are_written_as_replacement_characters_in_both_forms(SerializeType type)
    {
        var command = new RemotingCommand
        {
            Remark = "a\ud800b😀\udc00",
            ExtFields = new Dictionary<string, string> { ["k\ud83d"] = "\ude00v" },
            SerializeType = type,
        };

        var decoded = RoundTrip(command);

        Assert.Equal("a\ufffdb😀\ufffd", decoded.Remark);
        Assert.Equal("\ufffdv", decoded.GetExtField("k\ufffd"));
    }

    public static TheoryData<string, RemotingCommand> Unframeable => new()
    {
        { "key over 32,767 bytes", WithKey(new string('k', 32_768)) },
        { "undefined serialization", new RemotingCommand { SerializeType = (SerializeType)2 } },
        { "header over 16 MiB", new RemotingCommand { Remark = new string('r', 1 << 24) } },
    };

    [Theory]
    [MemberData(nameof(Unframeable))]
    public void Encode_rejects_an_unframeable_command_before_writing_anything(string why, RemotingCommand command)
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.ThrowsAny<ArgumentException>(() => RemotingCommandCodec.Encode(command, output));

        Assert.True(output.WrittenCount == 0, why);
        // The per-thread scratch state is still usable afterwards.
        var ok = new RemotingCommand { Code = 5, Remark = "fine" };
        CommandAssert.Equal(ok, GoldenVectorTests.Decode(RemotingCommandCodec.EncodeToArray(ok)));
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public void Framing_and_encoding_allocate_nothing_at_steady_state(SerializeType type)
    {
        var command = Benchmarks.FrameDecodeBenchmark.SendMessageV2(type);
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        for (var i = 0; i < 3; i++)
        {
            // Warm the per-thread scratch buffer and JSON writer (and the escaper's caches).
            output.ResetWrittenCount();
            RemotingCommandCodec.Encode(command, output);
        }

        var bytes = new ReadOnlySequence<byte>(output.WrittenMemory);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            output.ResetWrittenCount();
            RemotingCommandCodec.Encode(command, output);
            var buffer = bytes;
            RemotingFrameReader.TryReadFrame(ref buffer, 1 << 24, 1 << 20, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static RemotingCommand WithKey(string key) => new()
    {
        ExtFields = new Dictionary<string, string> { [key] = "v" },
        SerializeType = SerializeType.RocketMq,
    };

    private static RemotingCommand RoundTrip(RemotingCommand command) =>
        GoldenVectorTests.Decode(RemotingCommandCodec.EncodeToArray(command));
}
