using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using RocketMQ.Store.Files;

namespace RocketMQ.Store.Config;

/// <summary>
/// Writes the configuration as RocketMQ 4.9.8 lays it out in <c>store/config/</c> — topics.json,
/// subscriptionGroup.json, consumerOffset.json — so operators and their tools find what they know. The store
/// never reads these files back: the replicated log (and the store's checkpoints) are the source of truth.
/// </summary>
/// <remarks>
/// Shapes are fastjson's serialization of TopicConfigSerializeWrapper, SubscriptionGroupManager and
/// ConsumerOffsetManager: bean properties in alphabetical order, pretty-printed with one tab per level. Two
/// differences, both valid JSON that fastjson reads: integer map keys (queue ids) are quoted, where fastjson
/// writes them bare; and a space follows each colon (Utf8JsonWriter's fixed form). Map keys are sorted
/// ordinally, so equal states give identical files. Each file is replaced with <see cref="AtomicFile"/>, keeping
/// <c>.bak</c> as RocketMQ's string2File does.
/// </remarks>
public static class ConfigFiles
{
    public const string TopicsFileName = "topics.json";
    public const string SubscriptionGroupsFileName = "subscriptionGroup.json";
    public const string ConsumerOffsetsFileName = "consumerOffset.json";

    private static readonly JsonWriterOptions Pretty = new()
    {
        Indented = true,
        IndentCharacter = '\t',
        IndentSize = 1,
        // The same bytes on every OS, so equal states give identical files everywhere.
        NewLine = "\n",
        // fastjson writes names as they are; escape only what JSON requires, not every non-ASCII character.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the three files of <paramref name="state"/>'s current snapshot into
    /// <paramref name="configDirectory"/> (created if missing).</summary>
    /// <exception cref="IOException">A file could not be written; see <see cref="AtomicFile.Write"/>.</exception>
    public static void Write(string configDirectory, ConfigState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Write(configDirectory, state.Current);
    }

    /// <summary>Writes the three files of <paramref name="snapshot"/>.</summary>
    public static void Write(string configDirectory, ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(configDirectory);
        ArgumentNullException.ThrowIfNull(snapshot);
        AtomicFile.Write(Path.Combine(configDirectory, TopicsFileName), TopicsJson(snapshot), keepBackup: true);
        AtomicFile.Write(Path.Combine(configDirectory, SubscriptionGroupsFileName), SubscriptionGroupsJson(snapshot),
            keepBackup: true);
        AtomicFile.Write(Path.Combine(configDirectory, ConsumerOffsetsFileName), ConsumerOffsetsJson(snapshot),
            keepBackup: true);
    }

    /// <summary>topics.json: <c>{"dataVersion":{"counter","timestamp"},"topicConfigTable":{name:{"order",
    /// "perm","readQueueNums","topicFilterType","topicName","topicSysFlag","writeQueueNums"}}}</c>.</summary>
    public static byte[] TopicsJson(ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Json(json =>
        {
            WriteDataVersion(json, snapshot.TopicsVersion);
            json.WriteStartObject("topicConfigTable");
            foreach (var (name, topic) in snapshot.Topics.OrderBy(entry => entry.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(name);
                json.WriteBoolean("order", topic.Order);
                json.WriteNumber("perm", topic.Perm);
                json.WriteNumber("readQueueNums", topic.ReadQueueNums);
                json.WriteString("topicFilterType", JsonName(topic.TopicFilterType));
                json.WriteString("topicName", topic.TopicName);
                json.WriteNumber("topicSysFlag", topic.TopicSysFlag);
                json.WriteNumber("writeQueueNums", topic.WriteQueueNums);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        });
    }

    /// <summary>subscriptionGroup.json: <c>{"dataVersion":{…},"subscriptionGroupTable":{name:{"brokerId",
    /// "consumeBroadcastEnable","consumeEnable","consumeFromMinEnable","groupName",
    /// "notifyConsumerIdsChangedEnable","retryMaxTimes","retryQueueNums","whichBrokerWhenConsumeSlowly"}}}</c>.
    /// </summary>
    public static byte[] SubscriptionGroupsJson(ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Json(json =>
        {
            WriteDataVersion(json, snapshot.GroupsVersion);
            json.WriteStartObject("subscriptionGroupTable");
            foreach (var (name, group) in snapshot.Groups.OrderBy(entry => entry.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(name);
                json.WriteNumber("brokerId", group.BrokerId);
                json.WriteBoolean("consumeBroadcastEnable", group.ConsumeBroadcastEnable);
                json.WriteBoolean("consumeEnable", group.ConsumeEnable);
                json.WriteBoolean("consumeFromMinEnable", group.ConsumeFromMinEnable);
                json.WriteString("groupName", group.GroupName);
                json.WriteBoolean("notifyConsumerIdsChangedEnable", group.NotifyConsumerIdsChangedEnable);
                json.WriteNumber("retryMaxTimes", group.RetryMaxTimes);
                json.WriteNumber("retryQueueNums", group.RetryQueueNums);
                json.WriteNumber("whichBrokerWhenConsumeSlowly", group.WhichBrokerWhenConsumeSlowly);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        });
    }

    /// <summary>consumerOffset.json: <c>{"offsetTable":{"topic@group":{"queueId":offset}}}</c>. RocketMQ 4.9.8
    /// has no data version in this file, so <see cref="ConfigSnapshot.OffsetsVersion"/> is not written.</summary>
    public static byte[] ConsumerOffsetsJson(ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Json(json =>
        {
            json.WriteStartObject("offsetTable");
            string? current = null;
            foreach (var entry in snapshot.Offsets.SortedEntries())
            {
                // ConsumerOffsetManager's key; RocketMQ's name rules keep '@' out of topics and groups.
                var key = entry.Topic + "@" + entry.Group;
                if (!string.Equals(key, current, StringComparison.Ordinal))
                {
                    if (current is not null)
                    {
                        json.WriteEndObject();
                    }

                    json.WriteStartObject(key);
                    current = key;
                }

                // fastjson writes Integer keys bare ({0:5}); we quote them, which is valid JSON and read alike.
                json.WriteNumber(entry.QueueId.ToString(CultureInfo.InvariantCulture), entry.Offset);
            }

            if (current is not null)
            {
                json.WriteEndObject();
            }

            json.WriteEndObject();
        });
    }

    /// <summary>The Java enum constant name (<c>SINGLE_TAG</c>, <c>MULTI_TAG</c>).</summary>
    public static string JsonName(TopicFilterType type) => type switch
    {
        TopicFilterType.SingleTag => "SINGLE_TAG",
        TopicFilterType.MultiTag => "MULTI_TAG",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a TopicFilterType"),
    };

    private static void WriteDataVersion(Utf8JsonWriter json, DataVersion version)
    {
        json.WriteStartObject("dataVersion");
        json.WriteNumber("counter", version.Counter);
        json.WriteNumber("timestamp", version.Timestamp);
        json.WriteEndObject();
    }

    private static byte[] Json(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, Pretty))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
