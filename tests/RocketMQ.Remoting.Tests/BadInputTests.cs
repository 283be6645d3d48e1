using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Tests;

/// <summary>Frames that can never be valid are rejected with a reason; nothing is trusted before it is
/// checked.</summary>
public class BadInputTests
{
    private const int MaxFrame = 1024 * 1024;
    private const int MaxHeader = 64 * 1024;

    [Theory]
    [InlineData(-1, "negative frame length")]
    [InlineData(int.MinValue, "negative frame length")]
    [InlineData(0, "shorter than")]
    [InlineData(3, "shorter than")]
    [InlineData(MaxFrame + 1, "exceeds the limit")]
    [InlineData(int.MaxValue, "exceeds the limit")]
    public void Bad_frame_length_is_rejected_from_the_length_word_alone(int length, string reason)
    {
        var word = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, length);

        var error = Assert.Throws<RemotingProtocolException>(() => TryRead(word));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_unknown_serialization_type_is_rejected_from_the_header_length_word()
    {
        for (var type = 2; type <= 255; type++)
        {
            // Only the two length words: the type is judged before the rest of the frame arrives.
            var bytes = GoldenVectorTests.Frame((byte)type, "{}"u8.ToArray())[..8];

            var error = Assert.Throws<RemotingProtocolException>(() => TryRead(bytes));

            Assert.Equal($"unknown serialization type {type} (0 = JSON, 1 = ROCKETMQ)", error.Message);
        }
    }

    [Fact]
    public void A_frame_built_by_hand_with_an_unknown_type_does_not_decode()
    {
        var frame = new RemotingFrame((SerializeType)9, new ReadOnlySequence<byte>("{}"u8.ToArray()), default);

        var error = Assert.Throws<RemotingProtocolException>(() => RemotingCommandCodec.Decode(frame));

        Assert.Contains("unknown serialization type 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_longer_than_the_frame_is_rejected()
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 10);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 7);

        var error = Assert.Throws<RemotingProtocolException>(() => TryRead(bytes));

        Assert.Equal("header length 7 does not fit in a frame of length 10", error.Message);
    }

    [Fact]
    public void A_valid_frame_after_need_more_data_is_not_lost()
    {
        var first = GoldenVectorTests.Frame(0, "{\"code\":1}"u8.ToArray(), [9, 9]);
        // code 2 | JAVA | version 0 | opaque 3 | flag 0 | no remark | no ext fields.
        var second = GoldenVectorTests.Frame(1, Hex("0002 00 0000 00000003 00000000 00000000 00000000"));
        var stream = first.Concat(second).ToArray();
        for (var cut = 0; cut < stream.Length; cut++)
        {
            // The read loop sees a prefix and gets "need more", then sees the unconsumed bytes plus the rest.
            var codes = new List<int>();
            var prefix = new ReadOnlySequence<byte>(stream[..cut]);
            var consumed = ReadAll(ref prefix, codes);
            var rest = Segments.Create(stream[consumed..cut], stream[cut..]);
            ReadAll(ref rest, codes);

            Assert.True(rest.IsEmpty, $"cut {cut}");
            Assert.Equal([1, 2], codes);
        }
    }

    [Fact]
    public void Header_over_the_limit_is_rejected()
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(bytes, MaxHeader + 100);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), MaxHeader + 1);

        var error = Assert.Throws<RemotingProtocolException>(() => TryRead(bytes));

        Assert.Contains("header length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Incomplete_frame_needs_more_data_and_leaves_the_buffer_untouched()
    {
        var whole = GoldenVectorTests.Frame(0, "{\"code\":1}"u8.ToArray(), [1, 2, 3]);
        for (var length = 0; length < whole.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(whole[..length]);
            Assert.False(RemotingFrameReader.TryReadFrame(ref buffer, MaxFrame, MaxHeader, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Theory]
    [InlineData("{\"code\":1", "malformed JSON header")]
    [InlineData("not json", "malformed JSON header")]
    [InlineData("[1,2]", "JSON header is not an object")]
    [InlineData("\"text\"", "JSON header is not an object")]
    [InlineData("{\"code\":\"abc\"}", "not a 32-bit integer")]
    [InlineData("{\"code\":1e99}", "not a 32-bit integer")]
    [InlineData("{\"code\":1} trailing", "malformed JSON header")]
    [InlineData("{\"code\":1}{}", "malformed JSON header")]
    [InlineData("{\"extFields\":[1]}", "extFields is not an object")]
    [InlineData("{\"extFields\":{\"a\":{\"b\":1}}}", "extFields value is not a scalar")]
    [InlineData("{\"remark\":5}", "wrong type")]
    [InlineData("", "malformed JSON header")]
    public void Malformed_json_header_is_a_protocol_error(string header, string reason)
    {
        var bytes = GoldenVectorTests.Frame(0, Encoding.UTF8.GetBytes(header));

        var error = Assert.Throws<RemotingProtocolException>(() => GoldenVectorTests.Decode(bytes));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "truncated at code")]
    [InlineData("0069", "truncated at language")]
    [InlineData("0069 00 0199 00000001", "truncated at flag")]
    [InlineData("0069 00 0199 00000001 00000000", "truncated at remark length")]
    [InlineData("0069 00 0199 00000001 00000000 00000010 6F6B", "remark length 16 runs past the end of the header")]
    [InlineData("0069 00 0199 00000001 00000000 FFFFFFFF", "negative remark length -1")]
    [InlineData("0069 00 0199 00000001 00000000 00000000", "truncated at extFields length")]
    [InlineData("0069 00 0199 00000001 00000000 00000000 00000020 0001 61", "extFields length 32 runs past")]
    [InlineData("0069 00 0199 00000001 00000000 00000000 FFFFFFFE", "negative extFields length -2")]
    [InlineData("0069 00 0199 00000001 00000000 00000000 00000005 0009 61 62 63", "ext key length 9 runs past")]
    [InlineData("0069 00 0199 00000001 00000000 00000000 00000005 FFFF 61 62 63", "negative ext key length -1")]
    [InlineData("0069 00 0199 00000001 00000000 00000000 00000008 0001 61 00000009 62", "ext value length 9")]
    [InlineData("0069 00 0199 00000001 00000000 00000000 00000007 0001 61 FFFFFFFF", "negative ext value length")]
    // The ext block claims 4 bytes but its entry needs 7: the value length word crosses the block's end.
    [InlineData("0069 00 0199 00000001 00000000 00000000 00000004 0001 61 00000000 00", "runs past the end of the ext")]
    public void Truncated_or_inconsistent_binary_header_is_a_protocol_error(string hex, string reason)
    {
        var bytes = GoldenVectorTests.Frame(1, Hex(hex));

        var error = Assert.Throws<RemotingProtocolException>(() => GoldenVectorTests.Decode(bytes));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static byte[] Hex(string spaced) =>
        Convert.FromHexString(spaced.Replace(" ", "", StringComparison.Ordinal));

    private static int ReadAll(ref ReadOnlySequence<byte> buffer, List<int> codes)
    {
        var start = buffer.Length;
        while (RemotingFrameReader.TryReadFrame(ref buffer, MaxFrame, MaxHeader, out var frame))
        {
            codes.Add(RemotingCommandCodec.Decode(frame).Code);
        }

        return (int)(start - buffer.Length);
    }

    private static bool TryRead(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        return RemotingFrameReader.TryReadFrame(ref buffer, MaxFrame, MaxHeader, out _);
    }
}
