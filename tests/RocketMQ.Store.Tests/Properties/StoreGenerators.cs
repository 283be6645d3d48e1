using FsCheck;
using FsCheck.Fluent;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>
/// Generators shared by the store properties: few topics, queues, tags and keys, so queues fill up, filters match
/// some messages and key queries find several.
/// </summary>
internal static class StoreGenerators
{
    /// <summary>Valid names (<c>^[%|a-zA-Z0-9_-]+$</c>), one of them a retry topic.</summary>
    public static readonly string[] Topics = ["T1", "%RETRY%g1", "a|b_c-9"];

    /// <summary>Queues 0..QueueCount-1 get messages; QueueCount itself is a queue that never exists.</summary>
    public const int QueueCount = 3;

    public static readonly string[] Tags = ["TagA", "TagB", "TagC"];

    /// <summary>"Aa" and "BB" have the same Java hash, so "topic#Aa" and "topic#BB" share index chains: the store
    /// must read each candidate and keep only messages that really carry the key asked for.</summary>
    public static readonly string[] Keys = ["k1", "k2", "Aa", "BB", "id-7"];

    /// <summary>UNIQ_KEY values; "k1" is also a KEYS entry (a query matches either).</summary>
    public static readonly string[] UniqueKeys = ["u1", "u2", "k1"];

    /// <summary>Just over the 1 MiB minimum retentionSnapshotIntervalBytes: each such put lets the next
    /// checkpoint become a retention point.</summary>
    public const int LargeBodyBytes = (1024 * 1024) + 512;

    public static Gen<int> Seed { get; } = Gen.Choose(0, int.MaxValue - 1);

    /// <summary>A 0..999,999 choice resolved against the state when a command runs (stays valid when shrunk).</summary>
    public static Gen<int> Pick { get; } = Gen.Choose(0, 999_999);

    public static Gen<MessageSpec> Message(bool large) =>
        from tags in OrNull(Gen.Elements(Tags))
        from keys in OrNull(from count in Gen.Choose(1, 3)
                            from keys in Gen.Elements(Keys).ArrayOf(count)
                            from separator in Gen.Elements(" ", " ", "  ")
                            select string.Join(separator, keys))
        from uniqueKey in OrNull(Gen.Elements(UniqueKeys))
        from length in large ? Gen.Constant(LargeBodyBytes) : BodyLength
        from seed in Seed
        from flag in Gen.Choose(0, 3)
        select new MessageSpec(tags, keys, uniqueKey, length, seed, flag);

    /// <summary>A single message or a batch to one queue; <paramref name="large"/> allows megabyte singles.</summary>
    public static Gen<SendSpec> Send(bool large)
    {
        var shapes = new List<(int, Gen<MessageSpec[]>)>
        {
            (6, Message(false).ArrayOf(1)),
            (2, Gen.Choose(2, 4).SelectMany(count => Message(false).ArrayOf(count))),
        };
        if (large)
        {
            shapes.Add((1, Message(true).ArrayOf(1)));
        }

        return from topic in Gen.Elements(Topics)
               from queueId in Gen.Choose(0, QueueCount - 1)
               from messages in Gen.Frequency(shapes)
               select new SendSpec(topic, queueId, messages);
    }

    private static Gen<int> BodyLength { get; } = Gen.Frequency(
        (1, Gen.Constant(0)),
        (8, Gen.Choose(1, 64)),
        (1, Gen.Choose(65, 3000)));

    private static Gen<string?> OrNull(Gen<string> values) =>
        Gen.Frequency((1, Gen.Constant<string?>(null)), (2, values.Select(value => (string?)value)));

    /// <summary>Shrinks a command list: drops halves, then quarters, … then single commands.</summary>
    public static IEnumerable<T[]> ShrinkList<T>(T[] items)
    {
        for (var chunk = items.Length / 2; chunk >= 1; chunk /= 2)
        {
            for (var start = 0; start + chunk <= items.Length; start += chunk)
            {
                yield return [.. items[..start], .. items[(start + chunk)..]];
            }
        }
    }
}
