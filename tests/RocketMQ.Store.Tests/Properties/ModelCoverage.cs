using System.Collections.Concurrent;
using RocketMQ.Store.Reading;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>
/// What the generated cases exercised, so a passing property also shows it was not passing vacuously (a generator
/// that stopped producing, say, retention would otherwise go unnoticed). Thread-safe.
/// </summary>
internal sealed class ModelCoverage
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public void Count(string what) => _counts.AddOrUpdate(what, 1, (_, count) => count + 1);

    public void Count(GetMessageStatus status) => Count("get " + status);

    public int this[string what] => _counts.GetValueOrDefault(what);

    public override string ToString() =>
        string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));
}
