namespace RocketMQ.Store.Index;

/// <summary>
/// The answer of <see cref="IndexService.Query"/> (Java's <c>QueryOffsetResult</c>) plus a corruption flag.
/// Immutable.
/// </summary>
public sealed class IndexQueryResult
{
    internal IndexQueryResult(IReadOnlyList<long> commitLogOffsets, long indexLastUpdateTimestamp,
        long indexLastUpdatePhyOffset, bool corruptionDetected)
    {
        CommitLogOffsets = commitLogOffsets;
        IndexLastUpdateTimestamp = indexLastUpdateTimestamp;
        IndexLastUpdatePhyOffset = indexLastUpdatePhyOffset;
        CorruptionDetected = corruptionDetected;
    }

    /// <summary>
    /// Candidate commit-log offsets, newest first, at most the query's maxNum. Items are matched by hash, so a
    /// candidate may be a message with another key (or topic) that collides: the caller reads each message and checks
    /// its keys. An offset may repeat when a message carries the key more than once.
    /// </summary>
    public IReadOnlyList<long> CommitLogOffsets { get; }

    /// <summary>End timestamp (ms) of the newest index file; 0 when there is none.</summary>
    public long IndexLastUpdateTimestamp { get; }

    /// <summary>End commit-log offset of the newest index file; 0 when there is none.</summary>
    public long IndexLastUpdatePhyOffset { get; }

    /// <summary>
    /// True when a walked chain was inconsistent (an item outside [1, indexCount), a link that does not point
    /// strictly backwards, an item filed under the wrong slot): the walk of that file stopped there, so offsets may be
    /// missing. The index files should be rebuilt.
    /// </summary>
    public bool CorruptionDetected { get; }
}
