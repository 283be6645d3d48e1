using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Store.Config;
using WireDataVersion = RocketMQ.Remoting.Protocol.Body.DataVersion;
using WireTopicConfig = RocketMQ.Remoting.Protocol.Body.TopicConfig;

namespace RocketMQ.Broker.Topics;

/// <summary>The topic table on the wire (RocketMQ's TopicConfigSerializeWrapper): GET_ALL_TOPIC_CONFIG and the
/// name-server registration body.</summary>
internal static class TopicTable
{
    /// <summary>
    /// Every topic of one <paramref name="snapshot"/>, so the table and its data version match; each topic's perm is
    /// ANDed with <paramref name="permMask"/> (RocketMQ registers a broker without write permission's topics
    /// read-only).
    /// </summary>
    public static TopicConfigSerializeWrapper From(ConfigSnapshot snapshot, int permMask = 7)
    {
        var wrapper = new TopicConfigSerializeWrapper
        {
            DataVersion = new WireDataVersion
            {
                Timestamp = snapshot.TopicsVersion.Timestamp,
                Counter = snapshot.TopicsVersion.Counter,
            },
        };
        foreach (var (name, topic) in snapshot.Topics)
        {
            wrapper.TopicConfigTable[name] = new WireTopicConfig
            {
                TopicName = name,
                ReadQueueNums = topic.ReadQueueNums,
                WriteQueueNums = topic.WriteQueueNums,
                Perm = topic.Perm & permMask,
                TopicFilterType = ConfigFiles.JsonName(topic.TopicFilterType),
                TopicSysFlag = topic.TopicSysFlag,
                Order = topic.Order,
            };
        }

        return wrapper;
    }
}
