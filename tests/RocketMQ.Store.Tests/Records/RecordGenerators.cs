using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Records;

/// <summary>FsCheck generators for producer messages, batches and properties strings.</summary>
/// <remarks>FsCheck draws a fresh seed per run and prints <c>Replay: (seed,gamma)</c> with the shrunk
/// counterexample when a property fails; paste it into <c>[Property(Replay = "(seed,gamma)")]</c> to rerun it.
/// </remarks>
internal static class RecordGenerators
{
    private const string TopicAlphabet = "%|abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

    // Text that stresses the properties parser and UTF-8: both separators, well-known names, multi-byte characters
    // and surrogate pairs (always whole, so the UTF-8 round trip is exact).
    private static readonly string[] PropertyFragments =
    [
        "\u0001", "\u0002", "\u0001", "\u0002", "TAGS", "KEYS", "UNIQ_KEY", "DELAY", "a", "k", "v", "3", " ", "é",
        "中文", "😀", "\u0000", "\u007f", "\u00ff", "ß",
    ];

    private static readonly Gen<int> AnyInt = ArbMap.Default.GeneratorFor<int>();

    private static readonly Gen<long> AnyLong = ArbMap.Default.GeneratorFor<long>();

    /// <summary>Topics within <see cref="TopicName"/>'s rules, short ones often, up to the 127-byte maximum.</summary>
    public static Gen<string> Topic { get; } =
        Gen.Frequency((4, Gen.Choose(1, 12)), (1, Gen.Choose(1, StoredMessageLayout.MaxTopicBytes)))
            .SelectMany(length => Gen.Elements(TopicAlphabet.ToCharArray()).ArrayOf(length))
            .Select(chars => new string(chars));

    /// <summary>IPv4 and IPv6 endpoints (IPv6 with and without a scope id), any port.</summary>
    public static Gen<IPEndPoint> Host { get; } =
        from v6 in ArbMap.Default.GeneratorFor<bool>()
        from address in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(v6 ? 16 : 4)
        from scope in Gen.Frequency((3, Gen.Constant(0L)), (1, Gen.Choose(1, 9).Select(s => (long)s)))
        from port in Gen.Choose(0, IPEndPoint.MaxPort)
        select new IPEndPoint(v6 ? new IPAddress(address, scope) : new IPAddress(address), port);

    /// <summary>Properties strings (well-formed UTF-16) built from fragments, separators in odd places included.
    /// </summary>
    public static Gen<string> PropertiesText { get; } =
        Gen.Elements(PropertyFragments).ListOf().Select(parts => string.Concat(parts.Take(60)));

    /// <summary>Bodies of 0..64 KiB, mostly small; contents from a generated seed (cheap for large bodies).</summary>
    public static Gen<byte[]> Body { get; } =
        from length in Gen.Frequency((6, Gen.Choose(0, 300)), (1, Gen.Choose(0, 64 * 1024)))
        from seed in AnyInt
        select RandomBytes(seed, length);

    /// <summary>Any message the put path could hand to the writer (the flags unconstrained).</summary>
    public static Gen<MessageToStore> Message { get; } = MessageWith(Body);

    /// <summary>Messages with bodies of at most 200 bytes: for properties that try every byte position.</summary>
    public static Gen<MessageToStore> SmallMessage { get; } =
        MessageWith(from length in Gen.Choose(0, 200) from seed in AnyInt select RandomBytes(seed, length));

    /// <summary>A send: 1..4 messages, plus the store timestamp and store host the store adds.</summary>
    public static Gen<Batch> Batch { get; } = BatchOf(Message);

    /// <summary>A send of small messages (see <see cref="SmallMessage"/>).</summary>
    public static Gen<Batch> SmallBatch { get; } = BatchOf(SmallMessage);

    /// <summary>Random bytes from a seed (bodies, garbage).</summary>
    public static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static Gen<MessageToStore> MessageWith(Gen<byte[]> bodies) =>
        from topic in Topic
        from queueId in AnyInt
        from flag in AnyInt
        from sysFlag in Gen.OneOf(Gen.Choose(0, 0x3F), AnyInt)
        from bornTimestamp in AnyLong
        from bornHost in Gen.Frequency((6, Host.Select(h => (IPEndPoint?)h)), (1, Gen.Constant((IPEndPoint?)null)))
        from reconsumeTimes in AnyInt
        from prepared in AnyLong
        from properties in Gen.Frequency((6, PropertiesText.Select(p => (string?)p)), (1, Gen.Constant((string?)null)))
        from body in bodies
        select new MessageToStore
        {
            Topic = topic,
            QueueId = queueId,
            Flag = flag,
            SysFlag = sysFlag,
            BornTimestamp = bornTimestamp,
            BornHost = bornHost,
            ReconsumeTimes = reconsumeTimes,
            PreparedTransactionOffset = prepared,
            Properties = properties,
            Body = body,
        };

    private static Gen<Batch> BatchOf(Gen<MessageToStore> messages) =>
        from list in messages.NonEmptyListOf()
        from storeTimestamp in AnyLong
        from storeHost in Host
        select new Batch([.. list.Take(4)], storeTimestamp, storeHost);
}

/// <summary>One send as the store encodes it.</summary>
internal sealed record Batch(MessageToStore[] Messages, long StoreTimestamp, IPEndPoint StoreHost)
{
    /// <summary>The record <see cref="MessageBatchWriter"/> produces for this send.</summary>
    public byte[] Encode()
    {
        var record = new byte[MessageBatchWriter.RecordLength(Messages, StoreHost)];
        MessageBatchWriter.Write(record, Messages, StoreTimestamp, StoreHost);
        return record;
    }

    /// <summary>Where each message starts in the record (its TOTALSIZE field, after its checksum).</summary>
    public int[] MessageStarts()
    {
        var starts = new int[Messages.Length];
        var position = MessageBatchFormat.HeaderBytes;
        for (var i = 0; i < Messages.Length; i++)
        {
            starts[i] = position + MessageBatchFormat.MessagePrefixBytes;
            position = starts[i] + MessageBatchWriter.MessageLength(Messages[i], StoreHost);
        }

        return starts;
    }

    public override string ToString() =>
        $"{Messages.Length} message(s), bodies [{string.Join(", ", Messages.Select(m => m.Body.Length))}], " +
        $"topics [{string.Join(", ", Messages.Select(m => m.Topic))}], store host {StoreHost}, " +
        $"properties [{string.Join(", ", Messages.Select(m => Escape(m.Properties)))}]";

    private static string Escape(string? text) =>
        text is null ? "null" : new StringBuilder(text).Replace("\u0001", "\\1").Replace("\u0002", "\\2").ToString();
}
