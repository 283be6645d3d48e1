using RocketMQ.Store.Index;

namespace RocketMQ.Store.Tests.Index;

/// <summary>
/// A deliberately simple oracle of the index: files as lists of items, no bytes, no slots, no chains. A slot's chain
/// is "the items of the file whose hash lands in that slot, newest first", which is what the linked chains encode.
/// Follows RocketMQ 4.9.8's IndexService/IndexFile rules (replay guard, rollback skip, time difference quirks,
/// isTimeMatched, per-file and per-chain stop rules).
/// </summary>
internal sealed class IndexModel(int hashSlotNum, int indexNum)
{
    private readonly List<ModelFile> _files = [];

    public int FileCount => _files.Count;

    public void Apply(IndexedMessage message)
    {
        if (_files.Count > 0 && message.Offset < _files[^1].EndPhyOffset)
        {
            return;
        }

        if ((message.TransactionType & 0xC) == 0xC)
        {
            return;
        }

        if (!string.IsNullOrEmpty(message.UniqueKey))
        {
            Put(IndexKeyHash.Of(message.Topic, message.UniqueKey), message.Offset, message.StoreTimestamp);
        }

        foreach (var key in (message.Keys ?? "").Split(' '))
        {
            if (key.Length > 0)
            {
                Put(IndexKeyHash.Of(message.Topic, key), message.Offset, message.StoreTimestamp);
            }
        }
    }

    public List<long> Query(string topic, string key, int maxNum, long begin, long end)
    {
        var hash = IndexKeyHash.Of(topic, key);
        var found = new List<long>();
        for (var f = _files.Count - 1; f >= 0 && found.Count < maxNum; f--)
        {
            var file = _files[f];
            var overlaps = (begin < file.BeginTimestamp && end > file.EndTimestamp)
                || (begin >= file.BeginTimestamp && begin <= file.EndTimestamp)
                || (end >= file.BeginTimestamp && end <= file.EndTimestamp);
            if (overlaps)
            {
                for (var i = file.Items.Count - 1; i >= 0 && found.Count < maxNum; i--)
                {
                    var item = file.Items[i];
                    if (item.Hash % hashSlotNum != hash % hashSlotNum)
                    {
                        continue;
                    }

                    var time = file.BeginTimestamp + (item.TimeDiff * 1000L);
                    if (item.Hash == hash && time >= begin && time <= end)
                    {
                        found.Add(item.Offset);
                    }

                    if (time < begin)
                    {
                        break;
                    }
                }
            }

            if (file.BeginTimestamp < begin)
            {
                break;
            }
        }

        return found;
    }

    private void Put(int hash, long offset, long timestamp)
    {
        if (_files.Count == 0 || _files[^1].Items.Count >= indexNum - 1)
        {
            var previous = _files.Count == 0 ? null : _files[^1];
            var carriedTime = Math.Max(0, previous?.EndTimestamp ?? 0);
            var carriedOffset = Math.Max(0, previous?.EndPhyOffset ?? 0);
            _files.Add(new ModelFile
            {
                BeginTimestamp = carriedTime,
                EndTimestamp = carriedTime,
                EndPhyOffset = carriedOffset,
            });
        }

        var file = _files[^1];
        var seconds = (timestamp - file.BeginTimestamp) / 1000;
        var timeDiff = file.BeginTimestamp <= 0 ? 0 : (int)Math.Clamp(seconds, 0, int.MaxValue);
        file.Items.Add((hash, offset, timeDiff));
        if (file.Items.Count == 1)
        {
            file.BeginTimestamp = timestamp;
        }

        file.EndTimestamp = timestamp;
        file.EndPhyOffset = offset;
    }

    private sealed class ModelFile
    {
        public long BeginTimestamp { get; set; }

        public long EndTimestamp { get; set; }

        public long EndPhyOffset { get; set; }

        public List<(int Hash, long Offset, int TimeDiff)> Items { get; } = [];
    }
}
