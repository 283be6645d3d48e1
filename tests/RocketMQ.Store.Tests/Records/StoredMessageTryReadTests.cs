using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Store.Records;
using static RocketMQ.Store.Records.StoredMessageLayout;

namespace RocketMQ.Store.Tests.Records;

/// <summary><see cref="StoredMessage.TryRead"/> trusts no length: it never throws, never views past a field.</summary>
public sealed class StoredMessageTryReadTests
{
    [Property(MaxTest = 1000)]
    public Property Random_garbage_never_throws_and_an_accepted_view_is_consistent() =>
        Prop.ForAll(Gen.Choose(0, 600).ToArbitrary(), ArbMap.Default.ArbFor<int>(),
            ArbMap.Default.ArbFor<bool>(), (length, seed, plausible) =>
            {
                var bytes = RecordGenerators.RandomBytes(seed, length);
                if (plausible && length >= 8)
                {
                    // Get past the first checks so the later length fields are what is tested.
                    var random = new Random(seed);
                    var totalSize = random.Next(MinMessageLength - 2, Math.Max(MinMessageLength, length + 2));
                    BinaryPrimitives.WriteInt32BigEndian(bytes, totalSize);
                    BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(MagicCodeOffset), MagicCode);
                }

                if (StoredMessage.TryRead(bytes, out var view))
                {
                    AssertConsistent(view, bytes.Length);
                }
            });

    [Property(MaxTest = 200)]
    public Property Structured_messages_with_one_length_field_changed_are_refused_or_fail_their_crc() =>
        Prop.ForAll(RecordGenerators.SmallBatch.ToArbitrary(), Gen.Choose(0, 3).ToArbitrary(),
            ArbMap.Default.ArbFor<int>(), (batch, field, value) =>
            {
                var record = batch.Encode();
                var start = batch.MessageStarts()[0];
                Assert.True(StoredMessage.TryRead(record.AsSpan(start), out var original));
                var size = original.TotalSize;
                var sysFlag = original.SysFlag;
                var bodyLength = original.Body.Length;
                var topicLength = original.Topic.Length;
                var propertiesLength = original.Properties.Length;

                // Only the message's own bytes are offered, so a larger TOTALSIZE cannot borrow the next message.
                var message = record.AsSpan(start, size).ToArray();
                var bodyLengthAt = BodyLengthOffset(sysFlag);
                var topicLengthAt = bodyLengthAt + 4 + bodyLength;
                var propertiesLengthAt = topicLengthAt + 1 + topicLength;
                var changed = field switch
                {
                    0 => Write32(message, TotalSizeOffset, value, size),
                    1 => Write32(message, bodyLengthAt, value, bodyLength),
                    2 => Write8(message, topicLengthAt, value, topicLength),
                    _ => Write16(message, propertiesLengthAt, value, propertiesLength),
                };
                if (!StoredMessage.TryRead(message, out var parsed))
                {
                    return true.Label($"field {field} set to {changed}: refused");
                }

                // A changed length can re-frame random body bytes into another self-consistent message (seen once
                // in ~1,000 runs: a shorter body whose tail read as topic and properties). Structure alone cannot
                // tell; the body CRC in the header (and the store's per-message hash) must.
                var bodyCrc = (int)(System.IO.Hashing.Crc32.HashToUInt32(parsed.Body) & 0x7FFFFFFF);
                return (parsed.BodyCrc != bodyCrc).Label($"field {field} set to {changed}: accepted with a matching CRC");
            });

    [Fact]
    public void Short_inputs_and_a_wrong_magic_are_refused()
    {
        var batch = new Batch([new MessageToStore { Topic = "T" }], 1,
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1));
        var message = batch.Encode()[batch.MessageStarts()[0]..];
        Assert.Equal(MinMessageLength + 1, message.Length);
        Assert.True(StoredMessage.TryRead(message, out _));

        for (var length = 0; length < message.Length; length++)
        {
            Assert.False(StoredMessage.TryRead(message.AsSpan(0, length), out _), $"length {length}");
        }

        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(MagicCodeOffset), -626843477); // v2 magic
        Assert.False(StoredMessage.TryRead(message, out _));
    }

    [Fact]
    public void A_host_v6_bit_without_the_room_for_it_is_refused()
    {
        var batch = new Batch([new MessageToStore { Topic = "T" }], 1,
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1));
        var message = batch.Encode()[batch.MessageStarts()[0]..];
        message[SysFlagOffset + 3] |= BornHostV6Flag;

        Assert.False(StoredMessage.TryRead(message, out _));
    }

    private static void AssertConsistent(in StoredMessage view, int sourceLength)
    {
        Assert.InRange(view.TotalSize, MinMessageLength, sourceLength);
        Assert.Equal(view.TotalSize, BinaryPrimitives.ReadInt32BigEndian(view.Bytes));
        Assert.Equal(view.TotalSize,
            MessageLength(view.SysFlag, view.Body.Length, view.Topic.Length, view.Properties.Length));
        Assert.InRange(view.Topic.Length, 0, MaxTopicBytes);

        // Every accessor stays inside the view.
        _ = (view.BodyCrc, view.QueueId, view.Flag, view.QueueOffset, view.PhysicalOffset, view.BornTimestamp);
        _ = (view.BornHost.Length, view.StoreTimestamp, view.StoreHost.Length, view.ReconsumeTimes);
        _ = (view.PreparedTransactionOffset, view.TransactionType);
    }

    private static int Write32(byte[] message, int at, int value, int original)
    {
        var changed = value == original ? original + 1 : value;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(at), changed);
        return changed;
    }

    private static int Write16(byte[] message, int at, int value, int original)
    {
        var changed = (short)value == original ? (short)(original + 1) : (short)value;
        BinaryPrimitives.WriteInt16BigEndian(message.AsSpan(at), changed);
        return changed;
    }

    private static int Write8(byte[] message, int at, int value, int original)
    {
        var changed = (byte)value == original ? (byte)(original + 1) : (byte)value;
        message[at] = changed;
        return changed;
    }
}
