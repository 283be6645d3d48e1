using RocketMQ.Common.Protocol;

namespace RocketMQ.Broker.Topics;

/// <summary>
/// RocketMQ's topic naming rules and reserved names (<c>TopicValidator</c>, <c>MixAll</c>): what a name may hold,
/// which system topics producers may not send to, and the retry / dead-letter topic of a consumer group.
/// </summary>
public static class TopicRules
{
    /// <summary>MixAll.RETRY_GROUP_TOPIC_PREFIX: a group's retry topic is this prefix + the group name.</summary>
    public const string RetryTopicPrefix = "%RETRY%";

    /// <summary>MixAll.DLQ_GROUP_TOPIC_PREFIX: a group's dead-letter topic is this prefix + the group name.</summary>
    public const string DlqTopicPrefix = "%DLQ%";

    /// <summary>TopicValidator's TOPIC_MAX_LENGTH.</summary>
    public const int MaxTopicLength = 127;

    /// <summary>The retry topic of <paramref name="group"/> (<c>%RETRY%group</c>).</summary>
    public static string RetryTopic(string group) => RetryTopicPrefix + group;

    /// <summary>The dead-letter topic of <paramref name="group"/> (<c>%DLQ%group</c>).</summary>
    public static string DlqTopic(string group) => DlqTopicPrefix + group;

    /// <summary>Whether <paramref name="topic"/> is a group's retry topic.</summary>
    public static bool IsRetryTopic(string topic) => topic.StartsWith(RetryTopicPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Checks a topic name as <c>TopicValidator.validateTopic</c>: not blank, only <c>[%|a-zA-Z0-9_-]</c>, at most
    /// 127 characters. Returns null when valid, else the remark RocketMQ answers with (code SYSTEM_ERROR).
    /// </summary>
    public static string? Validate(string? topic)
    {
        if (string.IsNullOrWhiteSpace(topic))
        {
            return "The specified topic is blank.";
        }

        foreach (var c in topic)
        {
            if (!IsAllowed(c))
            {
                return "The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$";
            }
        }

        return topic.Length > MaxTopicLength ? "The specified topic is longer than topic max length." : null;
    }

    /// <summary>
    /// Whether producers are refused on <paramref name="topic"/>: TopicValidator's NOT_ALLOWED_SEND_TOPIC_SET (the
    /// schedule, transaction-half/op, transaction-check, self-test and offset-moved topics) and, unlike 4.9.8 but as
    /// its clients up to 4.7 refused it themselves, the auto-create template TBW102: a message stored there would sit
    /// in the template's queues where no consumer looks.
    /// </summary>
    public static bool IsNotAllowedSend(string topic) => topic switch
    {
        SystemTopics.Schedule or SystemTopics.TransactionHalf or SystemTopics.TransactionOperation
            or "TRANS_CHECK_MAX_TIME_TOPIC" or SystemTopics.SelfTest or "OFFSET_MOVED_EVENT"
            or SystemTopics.AutoCreateTopicKey => true,
        _ => false,
    };

    /// <summary>Whether a permission value allows writes (PermName.isWriteable).</summary>
    public static bool IsWriteable(int perm) => (perm & (int)Permission.Write) != 0;

    /// <summary>Whether a permission value allows reads (PermName.isReadable).</summary>
    public static bool IsReadable(int perm) => (perm & (int)Permission.Read) != 0;

    /// <summary>Whether topics may be created from a template with this permission (PermName.isInherited).</summary>
    public static bool IsInherited(int perm) => (perm & (int)Permission.Inherit) != 0;

    private static bool IsAllowed(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '%' or '|' or '_' or '-';
}
