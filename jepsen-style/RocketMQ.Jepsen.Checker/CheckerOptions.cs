namespace RocketMQ.Jepsen.Checker;

/// <summary>How much the checker keeps for the report; the verdict and counts never depend on it.</summary>
public sealed record CheckerOptions
{
    /// <summary>The defaults: the first 100 anomalies of each kind.</summary>
    public static CheckerOptions Default { get; } = new();

    /// <summary>Anomalies of one kind listed in the result (≥ 0); the rest are only counted, so results.json stays
    /// readable after a run that loses thousands of writes.</summary>
    public int MaxAnomaliesPerKind { get; init; } = 100;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of range.</summary>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfNegative(MaxAnomaliesPerKind);
}
