using System.Text.Json;
using RocketMQ.Jepsen.Checker;

namespace RocketMQ.Jepsen.Tests.Checker;

/// <summary>results.json: the shape the report and people read, and a lossless round trip.</summary>
public sealed class CheckResultJsonTests
{
    private static CheckResult WithEveryKind() => new HistoryBuilder()
        .Send(0, 0, 1, 1).Send(0, 0, 2, 0).SendFailed(0, 0, 3).Send(0, 0, 4, 5).Send(1, 0, 5, 3)
        .Send(0, 1, 9, -1)
        .Poll(1000, 0, 0, (0, 2), (1, 1), (1, 1), (2, 3), (4, 77)).Poll(1001, 0, 0, (0, 4))
        .Poll(1002, 0, 6, (6, 4)).Drained(2000, 1, 0)
        .Check();

    [Fact]
    public void Results_name_every_kind_and_tag_each_anomaly_with_its_kind_and_message()
    {
        var result = WithEveryKind();

        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;

        Assert.False(root.GetProperty("valid").GetBoolean());
        Assert.Equal(2, root.GetProperty("counts").GetProperty("lost").GetInt64()); // 5 (read past) and 9 (drained)
        Assert.Equal(0, root.GetProperty("queues")[0].GetProperty("queue").GetInt32());
        Assert.Equal(AnomalyKinds.All.Select(AnomalyKinds.Name),
            root.GetProperty("anomalyCounts").EnumerateObject().Select(property => property.Name));
        var kinds = root.GetProperty("anomalies").EnumerateArray()
            .Select(anomaly => anomaly.GetProperty("kind").GetString()).Distinct();
        Assert.Equal(AnomalyKinds.All.Select(AnomalyKinds.Name), kinds);
        Assert.All(root.GetProperty("anomalies").EnumerateArray(),
            anomaly => Assert.False(string.IsNullOrEmpty(anomaly.GetProperty("message").GetString())));
        var conflict = root.GetProperty("anomalies").EnumerateArray()
            .First(anomaly => anomaly.GetProperty("kind").GetString() == "inconsistent-offsets");
        Assert.Equal("send", conflict.GetProperty("first").GetProperty("source").GetString());
    }

    [Fact]
    public void Results_read_back_as_written()
    {
        var result = WithEveryKind();

        var read = CheckResult.FromJson(result.ToJson());

        Assert.Equal(result.ToJson(), read.ToJson());
        Assert.Equal(result.Anomalies, read.Anomalies);
        Assert.Equal(result.Counts, read.Counts);
    }
}
