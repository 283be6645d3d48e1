using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Common.Messages;

namespace RocketMQ.Common.Tests;

public class MessageIdsAndTagsTests
{
    // Expected values computed with Java 17's String.hashCode() on this machine.
    [Theory]
    [InlineData("", 0L)]
    [InlineData("a", 97L)]
    [InlineData("TagA", 2598919L)]
    [InlineData("hello world", 1794106052L)]
    [InlineData("a-very-long-tag-value-that-overflows", 1537473792L)]
    [InlineData("\u6807\u7b7e", 857175L)] // non-ASCII: hashed over UTF-16 code units, as Java does
    public void Tags_hash_is_javas_string_hash_code(string tags, long expected)
    {
        Assert.Equal(expected, TagsHash.Of(tags));
    }

    [Fact]
    public void Offset_message_id_matches_a_hand_worked_ipv4_vector()
    {
        // 10.0.0.1:10911 (0x2A9F), offset 0x0102030405060708.
        var id = OffsetMessageId.Create(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 10911), 0x0102030405060708);

        Assert.Equal("0A00000100002A9F0102030405060708", id);
        Assert.True(OffsetMessageId.TryParse(id, out var host, out var offset));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 10911), host);
        Assert.Equal(0x0102030405060708, offset);
    }

    [Fact]
    public void Offset_message_id_supports_ipv6_store_hosts()
    {
        var host = new IPEndPoint(IPAddress.Parse("fe80::1"), 10911);

        var id = OffsetMessageId.Create(host, 42);

        Assert.Equal(56, id.Length);
        Assert.True(OffsetMessageId.TryParse(id, out var parsed, out var offset));
        Assert.Equal(host, parsed);
        Assert.Equal(42, offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0A00000100002A9F01020304050607")]
    [InlineData("0A00000100002A9F010203040506070Z")]
    [InlineData("0A00000100002A9F0102030405060708FF")]
    public void Malformed_offset_message_ids_are_rejected(string id)
    {
        Assert.False(OffsetMessageId.TryParse(id, out _, out _));
    }

    [Property(MaxTest = 300)]
    public Property Offset_message_ids_round_trip(int a, int b, ushort port, long offset)
    {
        var address = new IPAddress(BitConverter.GetBytes(a ^ b));
        var host = new IPEndPoint(address, port);
        var ok = OffsetMessageId.TryParse(OffsetMessageId.Create(host, offset), out var parsed, out var back);
        return (ok && parsed.Equals(host) && back == offset).ToProperty();
    }
}
