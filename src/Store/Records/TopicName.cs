namespace RocketMQ.Store.Records;

/// <summary>
/// RocketMQ's topic name rule (<c>TopicValidator</c>: <c>^[%|a-zA-Z0-9_-]+$</c>, at most 127 characters). The store
/// enforces it on put and again on apply, because a topic name becomes a directory name.
/// </summary>
public static class TopicName
{
    /// <summary>Whether <paramref name="utf8"/> is an allowed topic name.</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || utf8.Length > StoredMessageLayout.MaxTopicBytes)
        {
            return false;
        }

        foreach (var b in utf8)
        {
            if (!IsAllowed(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="topic"/> is an allowed topic name.</summary>
    public static bool IsValid(string? topic)
    {
        if (string.IsNullOrEmpty(topic) || topic.Length > StoredMessageLayout.MaxTopicBytes)
        {
            return false;
        }

        foreach (var c in topic)
        {
            if (c > 127 || !IsAllowed((byte)c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllowed(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'%' or (byte)'|' or (byte)'_' or (byte)'-';
}
