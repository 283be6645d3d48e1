namespace RocketMQ.Jepsen.Checker;

/// <summary>Counts every anomaly and keeps the first <c>cap</c> of each kind, in the order found.</summary>
internal sealed class AnomalyCollector
{
    private readonly int _cap;
    private readonly long[] _counts = new long[AnomalyKinds.All.Count];
    private readonly List<Anomaly>[] _kept = AnomalyKinds.All.Select(_ => new List<Anomaly>()).ToArray();

    public AnomalyCollector(int cap) => _cap = cap;

    public int Cap => _cap;

    public void Add(Anomaly anomaly)
    {
        var index = (int)anomaly.Kind;
        _counts[index]++;
        if (_kept[index].Count < _cap)
        {
            _kept[index].Add(anomaly);
        }
    }

    public long Count(AnomalyKind kind) => _counts[(int)kind];

    public long Total => _counts.Sum();

    /// <summary>Every kind by name with its total, zeros included, so a reader sees what was checked.</summary>
    public Dictionary<string, long> Totals() =>
        AnomalyKinds.All.ToDictionary(AnomalyKinds.Name, kind => _counts[(int)kind]);

    public List<Anomaly> Kept() => _kept.SelectMany(list => list).ToList();
}
