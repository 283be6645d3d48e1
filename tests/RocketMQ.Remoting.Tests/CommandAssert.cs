using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Tests;

/// <summary>
/// Compares a sent command with what the peer decodes, through a deliberately simple model of what each
/// serialization can carry (the oracle the codec is checked against).
/// </summary>
internal static class CommandAssert
{
    /// <summary>True when <paramref name="actual"/> is what decoding <paramref name="sent"/> must give.</summary>
    public static bool SameOnWire(RemotingCommand sent, RemotingCommand actual)
    {
        var binary = sent.SerializeType == SerializeType.RocketMq;
        return
            // ROCKETMQ carries code and version as their low 16 bits, read back sign-extended (Java's casts).
            actual.Code == (binary ? (short)sent.Code : sent.Code) &&
            actual.Version == (binary ? (short)sent.Version : sent.Version) &&
            actual.Language == (Enum.IsDefined(sent.Language) ? sent.Language : LanguageCode.Other) &&
            actual.Opaque == sent.Opaque &&
            actual.Flag == sent.Flag &&
            // ROCKETMQ reads a zero-length remark as null.
            actual.Remark == (binary && sent.Remark is "" ? null : sent.Remark) &&
            actual.SerializeType == sent.SerializeType &&
            SameFields(ExpectedFields(sent.ExtFields, binary), actual.ExtFields) &&
            sent.Body.Span.SequenceEqual(actual.Body.Span);
    }

    public static void Equal(RemotingCommand sent, RemotingCommand actual) =>
        Assert.True(SameOnWire(sent, actual), $"sent {sent}\n  decoded {actual}");

    /// <summary>Null values are never written; ROCKETMQ reads an empty key or value as absent (Java: null).</summary>
    private static Dictionary<string, string> ExpectedFields(Dictionary<string, string>? sent, bool binary)
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in sent ?? [])
        {
            if (value is not null && !(binary && (key.Length == 0 || value.Length == 0)))
            {
                expected[key] = value;
            }
        }

        return expected;
    }

    private static bool SameFields(Dictionary<string, string> expected, Dictionary<string, string>? actual)
    {
        // A null map and an empty one are the same on the wire in the binary form.
        if (expected.Count == 0)
        {
            return (actual?.Count ?? 0) == 0;
        }

        if (actual is null || expected.Count != actual.Count)
        {
            return false;
        }

        foreach (var (key, value) in expected)
        {
            if (!actual.TryGetValue(key, out var decoded) || decoded != value)
            {
                return false;
            }
        }

        return true;
    }
}
