using System.Text;

namespace RocketMQ.Store.Config;

// One set of rules for encoders (ArgumentException), decoders and snapshot readers (InvalidDataException).
// Each check returns the reason a value is refused, or null.
public static partial class ConfigCommandCodec
{
    internal static string? CheckTimestamp(long timestamp) =>
        timestamp < 0 ? $"timestamp {timestamp} is negative" : null;

    internal static string? CheckName(string? name, string what)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"the {what} name is missing";
        }

        int bytes;
        try
        {
            bytes = StrictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException)
        {
            return $"the {what} name is not well-formed Unicode (lone surrogate)";
        }

        return bytes > MaxNameBytes ? $"the {what} name has {bytes} UTF-8 bytes, more than {MaxNameBytes}" : null;
    }

    internal static string? CheckTopicConfig(TopicConfig config) =>
        CheckName(config.TopicName, "topic")
        ?? CheckRange(config.ReadQueueNums, 0, MaxQueueNums, "readQueueNums")
        ?? CheckRange(config.WriteQueueNums, 0, MaxQueueNums, "writeQueueNums")
        ?? CheckRange(config.Perm, 0, 7, "perm")
        ?? (Enum.IsDefined(config.TopicFilterType) ? null : $"topicFilterType {(int)config.TopicFilterType}");

    internal static string? CheckGroupConfig(SubscriptionGroupConfig config) =>
        CheckName(config.GroupName, "group")
        ?? CheckRange(config.RetryQueueNums, 0, int.MaxValue, "retryQueueNums")
        ?? CheckRange(config.RetryMaxTimes, -1, int.MaxValue, "retryMaxTimes")
        ?? (config.BrokerId < 0 ? $"brokerId {config.BrokerId} is negative" : null)
        ?? (config.WhichBrokerWhenConsumeSlowly < 0
            ? $"whichBrokerWhenConsumeSlowly {config.WhichBrokerWhenConsumeSlowly} is negative"
            : null);

    internal static string? CheckQueueOffset(int queueId, long offset) =>
        queueId < 0 ? $"queue id {queueId} is negative"
        : offset < 0 ? $"offset {offset} is negative"
        : null;

    private static string? CheckOffsetEntries(IReadOnlyList<ConsumerOffsetEntry> entries)
    {
        if (entries.Count == 0)
        {
            return "an offset commit needs at least one entry";
        }

        foreach (var entry in entries)
        {
            var error = CheckName(entry.Group, "group") ?? CheckName(entry.Topic, "topic")
                ?? CheckQueueOffset(entry.QueueId, entry.Offset);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? CheckRange(int value, int min, int max, string what) =>
        value < min || value > max ? $"{what} {value} is outside {min}..{max}" : null;

    private static void Require(string? error)
    {
        if (error is not null)
        {
            throw new ArgumentException(error);
        }
    }

    private static void Invalid(string? error)
    {
        if (error is not null)
        {
            throw new InvalidDataException(error);
        }
    }
}
