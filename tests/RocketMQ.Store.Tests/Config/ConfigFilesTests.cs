using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Store.Config;
using RocketMQ.Store.Files;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Config;

/// <summary>The JSON files have RocketMQ 4.9.8's shapes (golden) and hold exactly the state (round trip).
/// </summary>
public class ConfigFilesTests
{
    [Fact]
    public void Topics_json_has_the_topic_config_serialize_wrapper_shape()
    {
        var state = new ConfigState();
        state.Apply(StoreRecordKinds.TopicConfigUpdate, ConfigCommandCodec.EncodeTopicConfigUpdate(
            new TopicConfig("TopicTest") { ReadQueueNums = 8, WriteQueueNums = 8 }, 1700000000000));
        state.Apply(StoreRecordKinds.TopicConfigUpdate, ConfigCommandCodec.EncodeTopicConfigUpdate(
            new TopicConfig("%RETRY%中文") { Perm = 7, TopicFilterType = TopicFilterType.MultiTag, Order = true },
            1700000000123));

        Assert.Equal("""
            {
            	"dataVersion": {
            		"counter": 2,
            		"timestamp": 1700000000123
            	},
            	"topicConfigTable": {
            		"%RETRY%中文": {
            			"order": true,
            			"perm": 7,
            			"readQueueNums": 16,
            			"topicFilterType": "MULTI_TAG",
            			"topicName": "%RETRY%中文",
            			"topicSysFlag": 0,
            			"writeQueueNums": 16
            		},
            		"TopicTest": {
            			"order": false,
            			"perm": 6,
            			"readQueueNums": 8,
            			"topicFilterType": "SINGLE_TAG",
            			"topicName": "TopicTest",
            			"topicSysFlag": 0,
            			"writeQueueNums": 8
            		}
            	}
            }
            """, Text(ConfigFiles.TopicsJson(state.Current)));
    }

    [Fact]
    public void Subscription_group_json_has_the_subscription_group_manager_shape()
    {
        var state = new ConfigState();
        state.Apply(StoreRecordKinds.SubscriptionGroupUpdate,
            ConfigCommandCodec.EncodeSubscriptionGroupUpdate(new SubscriptionGroupConfig("CID_\"quoted\""), 42));

        Assert.Equal("""
            {
            	"dataVersion": {
            		"counter": 1,
            		"timestamp": 42
            	},
            	"subscriptionGroupTable": {
            		"CID_\"quoted\"": {
            			"brokerId": 0,
            			"consumeBroadcastEnable": true,
            			"consumeEnable": true,
            			"consumeFromMinEnable": true,
            			"groupName": "CID_\"quoted\"",
            			"notifyConsumerIdsChangedEnable": true,
            			"retryMaxTimes": 16,
            			"retryQueueNums": 1,
            			"whichBrokerWhenConsumeSlowly": 1
            		}
            	}
            }
            """, Text(ConfigFiles.SubscriptionGroupsJson(state.Current)));
    }

    [Fact]
    public void Consumer_offset_json_keys_topic_at_group_with_quoted_queue_ids()
    {
        var state = new ConfigState();
        state.Apply(StoreRecordKinds.ConsumerOffsetCommit, ConfigCommandCodec.EncodeConsumerOffsetCommit(1,
            [new("G", "T", 1, 7), new("G", "T", 0, 5), new("G", "T", 10, 9), new("A", "T", 0, 1)]));

        Assert.Equal("""
            {
            	"offsetTable": {
            		"T@A": {
            			"0": 1
            		},
            		"T@G": {
            			"0": 5,
            			"1": 7,
            			"10": 9
            		}
            	}
            }
            """, Text(ConfigFiles.ConsumerOffsetsJson(state.Current)));
    }

    [Fact]
    public void Empty_state_writes_empty_tables()
    {
        Assert.Equal("{\n\t\"offsetTable\": {}\n}", Text(ConfigFiles.ConsumerOffsetsJson(ConfigSnapshot.Empty)));
        Assert.Contains("\"topicConfigTable\": {}", Text(ConfigFiles.TopicsJson(ConfigSnapshot.Empty)),
            StringComparison.Ordinal);
    }

    [Property(MaxTest = 100)]
    public Property Files_read_back_to_the_state() =>
        Prop.ForAll(ConfigGenerators.Commands(ConfigGenerators.NameWithoutAt).ToArbitrary(), commands =>
        {
            var state = ConfigStateProperties.Replay(commands);
            using var directory = new TempDirectory();

            ConfigFiles.Write(directory.Path, state);
            var read = ConfigFileReader.Read(directory.Path);

            var current = state.Current;
            Assert.Equal(current.TopicsVersion, read.TopicsVersion);
            Assert.Equal(current.Topics.OrderBy(t => t.Key, StringComparer.Ordinal),
                read.Topics.OrderBy(t => t.Key, StringComparer.Ordinal));
            Assert.Equal(current.GroupsVersion, read.GroupsVersion);
            Assert.Equal(current.Groups.OrderBy(g => g.Key, StringComparer.Ordinal),
                read.Groups.OrderBy(g => g.Key, StringComparer.Ordinal));
            Assert.Equal(current.Offsets.SortedEntries(), read.Offsets);
        });

    [Fact]
    public void Rewriting_keeps_the_previous_files_as_bak()
    {
        using var directory = new TempDirectory();
        var state = new ConfigState();
        ConfigFiles.Write(directory.Path, state);
        var before = File.ReadAllBytes(directory.File(ConfigFiles.TopicsFileName));
        state.Apply(StoreRecordKinds.TopicConfigUpdate,
            ConfigCommandCodec.EncodeTopicConfigUpdate(new TopicConfig("T"), 9));

        ConfigFiles.Write(directory.Path, state);

        Assert.Equal(before, File.ReadAllBytes(AtomicFile.BackupPath(directory.File(ConfigFiles.TopicsFileName))));
        Assert.Equal(ConfigFiles.TopicsJson(state.Current),
            File.ReadAllBytes(directory.File(ConfigFiles.TopicsFileName)));
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp"));
    }

    private static string Text(byte[] json) => System.Text.Encoding.UTF8.GetString(json);
}
