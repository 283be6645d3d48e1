using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Records;

/// <summary>
/// A record is checked as a whole before anything in it is applied: every damage is refused, as a value (Validate
/// runs on the applier, where an exception would stop the replica).
/// </summary>
public sealed class MessageBatchFormatTests
{
    [Property(MaxTest = 60)]
    public Property Every_truncation_is_refused() =>
        Prop.ForAll(RecordGenerators.SmallBatch.ToArbitrary(), batch =>
        {
            var record = batch.Encode();
            for (var length = 0; length < record.Length; length++)
            {
                Assert.NotEqual(BatchCheck.Valid, MessageBatchFormat.Validate(record.AsSpan(0, length), out _));
            }
        });

    [Property(MaxTest = 100)]
    public Property Extra_trailing_bytes_are_refused() =>
        Prop.ForAll(RecordGenerators.SmallBatch.ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(),
            ArbMap.Default.ArbFor<int>(), (batch, extra, seed) =>
            {
                var record = batch.Encode();
                var longer = new byte[record.Length + extra];
                record.CopyTo(longer, 0);
                RecordGenerators.RandomBytes(seed, extra).CopyTo(longer, record.Length);
                Assert.NotEqual(BatchCheck.Valid, MessageBatchFormat.Validate(longer, out _));

                // Also with a checksum that covers the tail, as a wrongly written record would have it.
                MessageBatchFormat.WriteHeader(longer, batch.Messages.Length);
                Assert.NotEqual(BatchCheck.Valid, MessageBatchFormat.Validate(longer, out _));
            });

    [Property(MaxTest = 100)]
    public Property A_wrong_magic_is_refused() =>
        Prop.ForAll(RecordGenerators.SmallBatch.ToArbitrary(), ArbMap.Default.ArbFor<int>(), (batch, magic) =>
        {
            var record = batch.Encode();
            BinaryPrimitives.WriteInt32BigEndian(record, magic == MessageBatchFormat.Magic ? 0 : magic);
            Assert.Equal(BatchCheck.BadHeader, MessageBatchFormat.Validate(record, out _));
        });

    [Property(MaxTest = 100)]
    public Property A_wrong_count_is_refused() =>
        Prop.ForAll(RecordGenerators.SmallBatch.ToArbitrary(), ArbMap.Default.ArbFor<int>(), (batch, count) =>
        {
            var record = batch.Encode();
            var wrong = count == batch.Messages.Length ? 0 : count;
            BinaryPrimitives.WriteInt32BigEndian(record.AsSpan(4), wrong);
            Assert.Equal(BatchCheck.BadHeader, MessageBatchFormat.Validate(record, out _));

            // The checksum does not cover the count; a re-sealed record with the wrong count is refused all the same.
            if (wrong > 0)
            {
                MessageBatchFormat.WriteHeader(record, wrong);
                Assert.Equal(BatchCheck.BadHeader, MessageBatchFormat.Validate(record, out _));
            }
        });

    [Property(MaxTest = 40)]
    public Property A_flipped_byte_anywhere_is_refused() =>
        Prop.ForAll(RecordGenerators.SmallBatch.ToArbitrary(), Gen.Choose(1, 255).ToArbitrary(), (batch, mask) =>
        {
            var record = batch.Encode();
            for (var position = 0; position < record.Length; position++)
            {
                record[position] ^= (byte)mask;
                var check = MessageBatchFormat.Validate(record, out _);
                record[position] ^= (byte)mask;
                Assert.True(check != BatchCheck.Valid, $"flip 0x{mask:X2} at {position} of {record.Length}: {check}");
            }
        });

    [Property(MaxTest = 40)]
    public Property VerifyMessage_catches_a_flipped_byte_in_the_message_or_its_checksum() =>
        Prop.ForAll(RecordGenerators.SmallBatch.ToArbitrary(), Gen.Choose(1, 255).ToArbitrary(), (batch, mask) =>
        {
            var record = batch.Encode();
            foreach (var start in batch.MessageStarts())
            {
                var size = BinaryPrimitives.ReadInt32BigEndian(record.AsSpan(start));
                for (var position = start - MessageBatchFormat.MessagePrefixBytes; position < start + size; position++)
                {
                    record[position] ^= (byte)mask;
                    var verified = MessageBatchFormat.VerifyMessage(MessageBatchFormat.ChecksumBefore(record, start),
                        record.AsSpan(start, size), out _);
                    record[position] ^= (byte)mask;
                    Assert.False(verified, $"flip 0x{mask:X2} at {position - start} of message at {start}");
                }
            }
        });

    [Fact]
    public void Trailing_bytes_too_few_for_a_checksum_are_refused_without_throwing()
    {
        var batch = new Batch([new MessageToStore { Topic = "T", Body = new byte[5] }], 1,
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1));
        var record = batch.Encode();
        for (var extra = 1; extra < MessageBatchFormat.MessagePrefixBytes + 2; extra++)
        {
            var longer = new byte[record.Length + extra];
            record.CopyTo(longer, 0);
            MessageBatchFormat.WriteHeader(longer, 1);

            Assert.Equal(BatchCheck.BadMessage, MessageBatchFormat.Validate(longer, out var count));
            Assert.Equal(0, count);
        }
    }

    [Property(MaxTest = 300)]
    public Property Validate_never_throws_on_garbage_behind_a_valid_header() =>
        Prop.ForAll(Gen.Choose(0, 400).ToArbitrary(), ArbMap.Default.ArbFor<int>(), Gen.Choose(-1, 3).ToArbitrary(),
            (length, seed, count) =>
            {
                var record = RecordGenerators.RandomBytes(seed, MessageBatchFormat.HeaderBytes + length);
                MessageBatchFormat.WriteHeader(record, count);
                var check = MessageBatchFormat.Validate(record, out var found);
                Assert.True(check != BatchCheck.Valid || found == count);
            });
}
