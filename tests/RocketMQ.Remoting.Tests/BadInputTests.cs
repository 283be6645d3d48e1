using System.Buffers;
using System.Buffers.Binary;
using System.Text;
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

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(255)]
    public void Unknown_serialization_type_is_rejected(int type)
    {
        var bytes = GoldenVectorTests.Frame((byte)type, "{}"u8.ToArray());

        var error = Assert.Throws<RemotingProtocolException>(() => TryRead(bytes));

        Assert.Contains("unknown serialization type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_longer_than_the_frame_is_rejected()
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 10);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 7);

        Assert.Throws<RemotingProtocolException>(() => TryRead(bytes));
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
    [InlineData("{\"code\":1")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"code\":\"abc\"}")]
    [InlineData("{\"code\":1} trailing")]
    [InlineData("{\"extFields\":[1]}")]
    [InlineData("{\"extFields\":{\"a\":{\"b\":1}}}")]
    [InlineData("{\"remark\":5}")]
    [InlineData("")]
    public void Malformed_json_header_is_a_protocol_error(string header)
    {
        var bytes = GoldenVectorTests.Frame(0, Encoding.UTF8.GetBytes(header));

        Assert.Throws<RemotingProtocolException>(() => GoldenVectorTests.Decode(bytes));
    }

    [Theory]
    [InlineData("0069 00 019D 00000001")] // truncated before flag
    [InlineData("0069 00 019D 00000001 00000000 00000010 6F6B")] // remark length past the end
    [InlineData("0069 00 019D 00000001 00000000 FFFFFFFF")] // negative remark length
    [InlineData("0069 00 019D 00000001 00000000 00000000 00000020 0001 61")] // ext length past the end
    [InlineData("0069 00 019D 00000001 00000000 00000000 FFFFFFFE")] // negative ext length
    [InlineData("0069 00 019D 00000001 00000000 00000000 00000005 0009 61 62")] // key length past ext end
    [InlineData("0069 00 019D 00000001 00000000 00000000 00000008 0001 61 00000009 62")] // value length past end
    [InlineData("0069 00 019D 00000001 00000000 00000000 00000007 0001 61 FFFFFFFF")] // negative value length
    public void Truncated_or_inconsistent_binary_header_is_a_protocol_error(string hex)
    {
        var bytes = GoldenVectorTests.Frame(1, Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)));

        Assert.Throws<RemotingProtocolException>(() => GoldenVectorTests.Decode(bytes));
    }

    private static bool TryRead(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        return RemotingFrameReader.TryReadFrame(ref buffer, MaxFrame, MaxHeader, out _);
    }
}
