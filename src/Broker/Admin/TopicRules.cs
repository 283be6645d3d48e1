using RocketMQ.Broker.Topics;

namespace RocketMQ.Broker.Admin;

/// <summary>
/// RocketMQ 4.9.8's TopicValidator as the admin codes apply it: the name rule (<c>^[%|a-zA-Z0-9_-]+$</c>, at most
/// 127 characters) and the reserved names an admin may neither create nor delete.
/// </summary>
public static class TopicRules
{
    /// <summary>TopicValidator's TOPIC_MAX_LENGTH.</summary>
    public const int MaxTopicLength = 127;

    /// <summary>Names starting with this are system topics (TopicValidator.SYSTEM_TOPIC_PREFIX).</summary>
    public const string SystemTopicPrefix = "rmq_sys_";

    /// <summary>Group names: the client's Validators.CHARACTER_MAX_LENGTH.</summary>
    public const int MaxGroupLength = 255;

    // TopicValidator's SYSTEM_TOPIC_SET (static part); the broker adds its cluster and broker names at start.
    private static readonly HashSet<string> FixedSystemTopics = new(StringComparer.Ordinal)
    {
        SystemTopics.AutoCreateTopicKey,
        SystemTopics.Schedule,
        "BenchmarkTest",
        SystemTopics.TransactionHalf,
        "RMQ_SYS_TRACE_TOPIC",
        SystemTopics.TransactionOperation,
        "TRANS_CHECK_MAX_TIME_TOPIC",
        SystemTopics.SelfTest,
        "OFFSET_MOVED_EVENT",
    };

    /// <summary>
    /// Why <paramref name="topic"/> is not an acceptable name (TopicValidator.validateTopic's remarks, checked in its
    /// order), or null when it is.
    /// </summary>
    public static string? CheckName(string? topic)
    {
        if (string.IsNullOrWhiteSpace(topic))
        {
            return "The specified topic is blank.";
        }

        if (!HasOnlyAllowedCharacters(topic))
        {
            return "The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$";
        }

        return topic.Length > MaxTopicLength ? "The specified topic is longer than topic max length." : null;
    }

    /// <summary>
    /// Whether <paramref name="topic"/> is a system topic on this broker: TopicValidator's fixed set, the
    /// <c>rmq_sys_</c> prefix, and the names TopicConfigManager registers at start (cluster name, broker name,
    /// <c>&lt;cluster&gt;_REPLY_TOPIC</c>).
    /// </summary>
    public static bool IsSystemTopic(string topic, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(options);
        return FixedSystemTopics.Contains(topic)
            || topic.StartsWith(SystemTopicPrefix, StringComparison.Ordinal)
            || topic == options.BrokerClusterName
            || topic == options.BrokerName
            || topic == options.BrokerClusterName + "_REPLY_TOPIC";
    }

    /// <summary>The remark Java gives a system topic (TopicValidator.isSystemTopic).</summary>
    public static string SystemTopicRemark(string topic) => $"The topic[{topic}] is conflict with system topic.";

    /// <summary>
    /// Why <paramref name="group"/> is not an acceptable consumer group name, or null. Java's broker takes any name;
    /// its clients refuse names outside <c>^[%|a-zA-Z0-9_-]+$</c> or longer than 255 (Validators.checkGroup), and a
    /// group name becomes part of the <c>%RETRY%</c> topic name, so the broker applies the client's rule.
    /// </summary>
    public static string? CheckGroupName(string? group)
    {
        if (string.IsNullOrWhiteSpace(group))
        {
            return "The specified group is blank.";
        }

        if (!HasOnlyAllowedCharacters(group))
        {
            return "The specified group contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$";
        }

        return group.Length > MaxGroupLength ? "The specified group is longer than group max length 255." : null;
    }

    private static bool HasOnlyAllowedCharacters(string name)
    {
        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '%' or '|' or '_'
                or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
