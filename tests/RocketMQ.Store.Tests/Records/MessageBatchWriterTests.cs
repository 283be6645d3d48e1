using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Records;

/// <summary>What the writer encodes, <see cref="StoredMessage"/> reads back field for field.</summary>
public sealed class MessageBatchWriterTests
{
    private const int HostV6Bits = StoredMessageLayout.BornHostV6Flag | StoredMessageLayout.StoreHostV6Flag;

    [Property(MaxTest = 200)]
    public Property Every_field_round_trips() =>
        Prop.ForAll(RecordGenerators.Batch.ToArbitrary(), batch =>
        {
            var record = batch.Encode();
            Assert.Equal(BatchCheck.Valid, MessageBatchFormat.Validate(record, out var count));
            Assert.Equal(batch.Messages.Length, count);
            var starts = batch.MessageStarts();
            for (var i = 0; i < batch.Messages.Length; i++)
            {
                Assert.True(StoredMessage.TryRead(record.AsSpan(starts[i]), out var stored));
                AssertStoredAs(batch.Messages[i], batch, stored);
            }

            // The last message ends exactly where the record does.
            var last = starts[^1] + MessageBatchWriter.MessageLength(batch.Messages[^1], batch.StoreHost);
            Assert.Equal(record.Length, last);
        });

    [Property(MaxTest = 200)]
    public Property Each_message_verifies_on_its_own_against_the_checksum_before_it() =>
        Prop.ForAll(RecordGenerators.Batch.ToArbitrary(), batch =>
        {
            var record = batch.Encode();
            foreach (var start in batch.MessageStarts())
            {
                var size = BinaryPrimitives.ReadInt32BigEndian(record.AsSpan(start));
                var checksum = MessageBatchFormat.ChecksumBefore(record, start);
                Assert.True(MessageBatchFormat.VerifyMessage(checksum, record.AsSpan(start, size), out var view));
                Assert.Equal(size, view.TotalSize);
            }
        });

    [Fact]
    public void Host_v6_bits_come_from_the_hosts_not_from_the_callers_sys_flag()
    {
        var v4 = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 1);
        var v6 = new IPEndPoint(IPAddress.Parse("2001:db8::5"), 2);
        (IPEndPoint? Born, IPEndPoint Store, int Expected)[] cases =
        [
            (v4, v4, 0), (v6, v4, StoredMessageLayout.BornHostV6Flag), (v4, v6, StoredMessageLayout.StoreHostV6Flag),
            (v6, v6, HostV6Bits), (null, v6, StoredMessageLayout.StoreHostV6Flag),
        ];
        foreach (var (born, store, expected) in cases)
        {
            foreach (var callerBits in new[] { 0, HostV6Bits })
            {
                var batch = new Batch(
                    [new MessageToStore { Topic = "T", SysFlag = callerBits | 0x5, BornHost = born }], 7, store);
                var record = batch.Encode();
                Assert.True(StoredMessage.TryRead(record.AsSpan(batch.MessageStarts()[0]), out var stored));
                Assert.Equal(expected | 0x5, stored.SysFlag);
            }
        }
    }

    [Fact]
    public void Every_transaction_type_survives_with_both_host_families()
    {
        var v6 = new IPEndPoint(IPAddress.IPv6Loopback, 10911);
        foreach (var type in new[]
                 {
                     StoredMessageLayout.TransactionNotType, StoredMessageLayout.TransactionPreparedType,
                     StoredMessageLayout.TransactionCommitType, StoredMessageLayout.TransactionRollbackType,
                 })
        {
            var message = new MessageToStore
            {
                Topic = "T",
                SysFlag = type | StoredMessageLayout.MultiTagsFlag,
                Body = new byte[3],
            };
            var batch = new Batch([message], 1, v6);
            Assert.True(StoredMessage.TryRead(batch.Encode().AsSpan(batch.MessageStarts()[0]), out var stored));
            Assert.Equal(type, stored.TransactionType);
            Assert.Equal(type | StoredMessageLayout.MultiTagsFlag | StoredMessageLayout.StoreHostV6Flag,
                stored.SysFlag);
        }
    }

    internal static void AssertStoredAs(in MessageToStore sent, Batch batch, in StoredMessage stored)
    {
        var body = sent.Body.Span;
        var born = sent.BornHost ?? new IPEndPoint(IPAddress.Any, 0);
        Assert.Equal(MessageBatchWriter.MessageLength(sent, batch.StoreHost), stored.TotalSize);
        Assert.Equal(BinaryPrimitives.ReadInt32BigEndian(stored.Bytes), stored.TotalSize);
        Assert.Equal(StoredMessageLayout.MagicCode,
            BinaryPrimitives.ReadInt32BigEndian(stored.Bytes[StoredMessageLayout.MagicCodeOffset..]));
        Assert.Equal(JavaBodyCrc(body), stored.BodyCrc);
        Assert.Equal(sent.QueueId, stored.QueueId);
        Assert.Equal(sent.Flag, stored.Flag);

        // Both are assigned when the entry is applied; the log holds zeros (and the checksums cover zeros).
        Assert.Equal(0, stored.QueueOffset);
        Assert.Equal(0, stored.PhysicalOffset);
        Assert.Equal((sent.SysFlag & ~HostV6Bits) | V6Bit(born, StoredMessageLayout.BornHostV6Flag)
            | V6Bit(batch.StoreHost, StoredMessageLayout.StoreHostV6Flag), stored.SysFlag);
        Assert.Equal(sent.SysFlag & StoredMessageLayout.TransactionMask, stored.TransactionType);
        Assert.Equal(sent.BornTimestamp, stored.BornTimestamp);
        Assert.Equal(HostBytes(born), stored.BornHost.ToArray());
        Assert.Equal(batch.StoreTimestamp, stored.StoreTimestamp);
        Assert.Equal(HostBytes(batch.StoreHost), stored.StoreHost.ToArray());
        Assert.Equal(sent.ReconsumeTimes, stored.ReconsumeTimes);
        Assert.Equal(sent.PreparedTransactionOffset, stored.PreparedTransactionOffset);
        Assert.True(body.SequenceEqual(stored.Body), "body differs");
        Assert.Equal(sent.Topic, Encoding.UTF8.GetString(stored.Topic));
        Assert.Equal(sent.Properties ?? "", Encoding.UTF8.GetString(stored.Properties));
    }

    /// <summary>RocketMQ's <c>UtilAll.crc32</c>: CRC-32 (IEEE) with the top bit cleared, from a bitwise oracle.
    /// </summary>
    internal static int JavaBodyCrc(ReadOnlySpan<byte> body)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in body)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return (int)(~crc & 0x7FFFFFFF);
    }

    private static int V6Bit(IPEndPoint host, int bit) =>
        host.AddressFamily == AddressFamily.InterNetworkV6 ? bit : 0;

    /// <summary>A host field as Java writes it: the address bytes (no scope id), then the port as an int32.</summary>
    private static byte[] HostBytes(IPEndPoint host)
    {
        var address = host.Address.GetAddressBytes();
        var bytes = new byte[address.Length + 4];
        address.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(address.Length), host.Port);
        return bytes;
    }
}
