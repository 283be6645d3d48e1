using System.Globalization;
using System.Text.Json;
using RocketMQ.Store.Config;

namespace RocketMQ.Store.Tests.Config;

/// <summary>What the three JSON files hold, read back.</summary>
internal sealed record ConfigFileContents(
    DataVersion TopicsVersion, Dictionary<string, TopicConfig> Topics,
    DataVersion GroupsVersion, Dictionary<string, SubscriptionGroupConfig> Groups,
    List<ConsumerOffsetEntry> Offsets);

/// <summary>
/// Reads topics.json, subscriptionGroup.json and consumerOffset.json the way RocketMQ's managers decode them
/// (missing fields keep their defaults). Tests only: the store never reads these files, the log is the truth.
/// Needs quoted integer keys, i.e. our files, not fastjson's.
/// </summary>
internal static class ConfigFileReader
{
    public static ConfigFileContents Read(string configDirectory)
    {
        using var topics = Parse(configDirectory, ConfigFiles.TopicsFileName);
        using var groups = Parse(configDirectory, ConfigFiles.SubscriptionGroupsFileName);
        using var offsets = Parse(configDirectory, ConfigFiles.ConsumerOffsetsFileName);
        return new ConfigFileContents(
            Version(topics.RootElement), ReadTopics(topics.RootElement.GetProperty("topicConfigTable")),
            Version(groups.RootElement), ReadGroups(groups.RootElement.GetProperty("subscriptionGroupTable")),
            ReadOffsets(offsets.RootElement.GetProperty("offsetTable")));
    }

    private static JsonDocument Parse(string directory, string name) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, name)));

    private static DataVersion Version(JsonElement root)
    {
        var version = root.GetProperty("dataVersion");
        return new DataVersion(version.GetProperty("timestamp").GetInt64(), version.GetProperty("counter").GetInt64());
    }

    private static Dictionary<string, TopicConfig> ReadTopics(JsonElement table) =>
        table.EnumerateObject().ToDictionary(p => p.Name, p =>
        {
            var t = p.Value;
            var defaults = new TopicConfig(t.GetProperty("topicName").GetString()!);
            return defaults with
            {
                ReadQueueNums = Int(t, "readQueueNums", defaults.ReadQueueNums),
                WriteQueueNums = Int(t, "writeQueueNums", defaults.WriteQueueNums),
                Perm = Int(t, "perm", defaults.Perm),
                TopicFilterType = t.TryGetProperty("topicFilterType", out var filter)
                    ? filter.GetString() switch
                    {
                        "SINGLE_TAG" => TopicFilterType.SingleTag,
                        "MULTI_TAG" => TopicFilterType.MultiTag,
                        var other => throw new InvalidDataException($"topicFilterType {other}"),
                    }
                    : defaults.TopicFilterType,
                TopicSysFlag = Int(t, "topicSysFlag", defaults.TopicSysFlag),
                Order = t.TryGetProperty("order", out var order) ? order.GetBoolean() : defaults.Order,
            };
        }, StringComparer.Ordinal);

    private static Dictionary<string, SubscriptionGroupConfig> ReadGroups(JsonElement table) =>
        table.EnumerateObject().ToDictionary(p => p.Name, p =>
        {
            var g = p.Value;
            var defaults = new SubscriptionGroupConfig(g.GetProperty("groupName").GetString()!);
            return defaults with
            {
                ConsumeEnable = Bool(g, "consumeEnable", defaults.ConsumeEnable),
                ConsumeFromMinEnable = Bool(g, "consumeFromMinEnable", defaults.ConsumeFromMinEnable),
                ConsumeBroadcastEnable = Bool(g, "consumeBroadcastEnable", defaults.ConsumeBroadcastEnable),
                RetryQueueNums = Int(g, "retryQueueNums", defaults.RetryQueueNums),
                RetryMaxTimes = Int(g, "retryMaxTimes", defaults.RetryMaxTimes),
                BrokerId = Long(g, "brokerId", defaults.BrokerId),
                WhichBrokerWhenConsumeSlowly = Long(g, "whichBrokerWhenConsumeSlowly",
                    defaults.WhichBrokerWhenConsumeSlowly),
                NotifyConsumerIdsChangedEnable = Bool(g, "notifyConsumerIdsChangedEnable",
                    defaults.NotifyConsumerIdsChangedEnable),
            };
        }, StringComparer.Ordinal);

    private static List<ConsumerOffsetEntry> ReadOffsets(JsonElement table)
    {
        var entries = new List<ConsumerOffsetEntry>();
        foreach (var subscription in table.EnumerateObject())
        {
            // ConsumerOffsetManager splits "topic@group" and skips keys that do not give exactly two parts.
            var parts = subscription.Name.Split('@');
            if (parts.Length != 2)
            {
                continue;
            }

            foreach (var queue in subscription.Value.EnumerateObject())
            {
                entries.Add(new ConsumerOffsetEntry(parts[1], parts[0],
                    int.Parse(queue.Name, NumberStyles.None, CultureInfo.InvariantCulture), queue.Value.GetInt64()));
            }
        }

        return entries;
    }

    private static int Int(JsonElement e, string name, int fallback) =>
        e.TryGetProperty(name, out var value) ? value.GetInt32() : fallback;

    private static long Long(JsonElement e, string name, long fallback) =>
        e.TryGetProperty(name, out var value) ? value.GetInt64() : fallback;

    private static bool Bool(JsonElement e, string name, bool fallback) =>
        e.TryGetProperty(name, out var value) ? value.GetBoolean() : fallback;
}
