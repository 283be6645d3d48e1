namespace RocketMQ.Store.Tests.Properties;

/// <summary>A property found the store and its oracle disagreeing.</summary>
internal sealed class MismatchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Assertions that name what differed; a property's case fails with the first of them.</summary>
internal static class Verify
{
    public static void That(bool condition, string what)
    {
        if (!condition)
        {
            throw new MismatchException(what);
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new MismatchException($"{what}: expected {expected}, got {actual}");
        }
    }

    public static void Bytes(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string what)
    {
        if (!expected.SequenceEqual(actual))
        {
            var at = expected.CommonPrefixLength(actual);
            throw new MismatchException(
                $"{what}: {expected.Length} bytes expected, {actual.Length} read, first difference at byte {at}");
        }
    }
}
