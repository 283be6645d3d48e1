namespace RocketMQ.Store.Index;

public sealed partial class IndexService
{
    /// <summary>
    /// Finds candidate commit-log offsets of messages in <paramref name="topic"/> with <paramref name="key"/> stored
    /// within [<paramref name="beginTimestamp"/>, <paramref name="endTimestamp"/>] (Java's <c>queryOffset</c>): files
    /// newest first, each only when its time range meets the window, stopping at the first file that began before
    /// the window or once <paramref name="maxNum"/> offsets are found. Any thread, concurrently with the writer and
    /// retention; never throws on damaged files (see <see cref="IndexQueryResult.CorruptionDetected"/>).
    /// </summary>
    /// <param name="topic">The topic.</param>
    /// <param name="key">A UNIQ_KEY or one KEYS entry.</param>
    /// <param name="maxNum">Most offsets to return; the caller caps it (Java: <c>maxMsgsNumBatch</c>). 0 or less
    /// returns none.</param>
    /// <param name="beginTimestamp">Window start (ms), inclusive.</param>
    /// <param name="endTimestamp">Window end (ms), inclusive.</param>
    public IndexQueryResult Query(string topic, string key, int maxNum, long beginTimestamp, long endTimestamp)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(key);
        var files = Volatile.Read(ref _files);
        if (files.Length == 0)
        {
            return new IndexQueryResult([], 0, 0, corruptionDetected: false);
        }

        var newest = files[^1];
        var lastUpdateTimestamp = newest.EndTimestamp;
        var lastUpdatePhyOffset = newest.EndPhyOffset;
        var offsets = new List<long>(Math.Clamp(maxNum, 0, 32));
        var keyHash = IndexKeyHash.Of(topic, key);
        var corrupted = false;
        for (var i = files.Length - 1; i >= 0 && offsets.Count < maxNum; i--)
        {
            var file = files[i];
            if (file.IsTimeMatched(beginTimestamp, endTimestamp)
                && !file.TrySelect(keyHash, maxNum, beginTimestamp, endTimestamp, offsets, out var faultItem))
            {
                corrupted = true;
                if (file.TryMarkCorruptionReported())
                {
                    IndexLog.CorruptChain(_logger, file.Name, keyHash % _hashSlotNum, faultItem);
                }
            }

            if (file.BeginTimestamp < beginTimestamp)
            {
                break;
            }
        }

        return new IndexQueryResult(offsets, lastUpdateTimestamp, lastUpdatePhyOffset, corrupted);
    }
}
