namespace RocketMQ.Common.Messages;

/// <summary>The tags hash code RocketMQ stores in ConsumeQueue units and filters pulls by.</summary>
public static class TagsHash
{
    /// <summary>
    /// Java's <c>String.hashCode()</c> of the TAGS property (over UTF-16 code units, 32-bit wrap-around), widened to
    /// a long as <c>MessageExtBrokerInner.tagsString2tagsCode</c> does; 0 for no tags.
    /// </summary>
    public static long Of(ReadOnlySpan<char> tags)
    {
        var hash = 0;
        foreach (var c in tags)
        {
            hash = unchecked((31 * hash) + c);
        }

        return hash;
    }
}
