using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Tests;

internal static class CommandAssert
{
    /// <summary>True when every wire-visible field of the two commands is equal.</summary>
    public static bool SameOnWire(RemotingCommand expected, RemotingCommand actual) =>
        expected.Code == actual.Code &&
        expected.Language == actual.Language &&
        expected.Version == actual.Version &&
        expected.Opaque == actual.Opaque &&
        expected.Flag == actual.Flag &&
        expected.Remark == actual.Remark &&
        expected.SerializeType == actual.SerializeType &&
        SameFields(expected.ExtFields, actual.ExtFields) &&
        expected.Body.Span.SequenceEqual(actual.Body.Span);

    public static void Equal(RemotingCommand expected, RemotingCommand actual) =>
        Assert.True(SameOnWire(expected, actual), $"expected {expected}\n  actual {actual}");

    private static bool SameFields(Dictionary<string, string>? expected, Dictionary<string, string>? actual)
    {
        // A null map and an empty one are the same on the wire in the binary form.
        if ((expected?.Count ?? 0) == 0)
        {
            return (actual?.Count ?? 0) == 0;
        }

        return actual is not null && expected!.Count == actual.Count &&
            expected.All(pair => actual.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }
}
