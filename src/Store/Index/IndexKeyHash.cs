using RocketMQ.Store.Hashing;

namespace RocketMQ.Store.Index;

/// <summary>
/// The hash an index item is filed under: Java's <c>String.hashCode()</c> of <c>topic#key</c> made non-negative as
/// <c>IndexFile.indexKeyHashMethod</c> does (<c>Math.abs</c>, and <see cref="int.MinValue"/>, which Java's abs leaves
/// negative, becomes 0).
/// </summary>
internal static class IndexKeyHash
{
    /// <summary>The hash of <c>topic#key</c> from UTF-8 bytes; allocation-free.</summary>
    public static int Of(ReadOnlySpan<byte> topicUtf8, ReadOnlySpan<byte> keyUtf8) =>
        Positive(JavaStringHash.Append(JavaStringHash.Append(JavaStringHash.Of(topicUtf8), '#'), keyUtf8));

    /// <summary>The hash of <c>topic#key</c> over the strings' UTF-16 units, exactly as Java hashes them.</summary>
    public static int Of(string topic, string key)
    {
        var hash = 0;
        foreach (var c in topic)
        {
            hash = JavaStringHash.Append(hash, c);
        }

        hash = JavaStringHash.Append(hash, '#');
        foreach (var c in key)
        {
            hash = JavaStringHash.Append(hash, c);
        }

        return Positive(hash);
    }

    /// <summary>Java's <c>Math.abs</c> with its one negative result mapped to 0.</summary>
    public static int Positive(int javaHash) => javaHash == int.MinValue ? 0 : Math.Abs(javaHash);
}
