using RocketMQ.Remoting.Protocol.Body;

namespace RocketMQ.NameServer.Tests;

public class RegisterBrokerBodyCodecTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Register_body_round_trips_in_both_forms(bool compressed)
    {
        var body = new RegisterBrokerBody { FilterServerList = ["10.0.0.9:30000"] };
        body.TopicConfigSerializeWrapper.DataVersion = new DataVersion { Timestamp = 1_700_000_000_000, Counter = 42 };
        body.TopicConfigSerializeWrapper.TopicConfigTable["T1"] = new TopicConfig
        {
            TopicName = "T1",
            ReadQueueNums = 8,
            WriteQueueNums = 4,
            Perm = 6,
            TopicFilterType = "MULTI_TAG",
        };

        var decoded = RegisterBrokerBodyCodec.Decode(RegisterBrokerBodyCodec.Encode(body, compressed), compressed);

        Assert.Equal(body.TopicConfigSerializeWrapper.DataVersion, decoded.TopicConfigSerializeWrapper.DataVersion);
        var topic = decoded.TopicConfigSerializeWrapper.TopicConfigTable["T1"];
        Assert.Equal((8, 4, 6, "MULTI_TAG"), (topic.ReadQueueNums, topic.WriteQueueNums, topic.Perm,
            topic.TopicFilterType));
        Assert.Equal(["10.0.0.9:30000"], decoded.FilterServerList);
    }

    [Fact]
    public void Java_style_json_body_decodes()
    {
        // As fastjson writes it: alphabetical keys, extra fields (order, attributes) that we may ignore.
        const string Json = "{\"filterServerList\":[],\"topicConfigSerializeWrapper\":{\"dataVersion\":" +
            "{\"counter\":7,\"stateVersion\":0,\"timestamp\":1690000000000},\"topicConfigTable\":{\"TopicTest\":" +
            "{\"order\":false,\"perm\":6,\"readQueueNums\":4,\"topicFilterType\":\"SINGLE_TAG\",\"topicName\":" +
            "\"TopicTest\",\"topicSysFlag\":0,\"writeQueueNums\":4,\"attributes\":{}}}}}";

        var body = RegisterBrokerBodyCodec.Decode(System.Text.Encoding.UTF8.GetBytes(Json), compressed: false);

        Assert.Equal(7, body.TopicConfigSerializeWrapper.DataVersion.Counter);
        Assert.Equal(4, body.TopicConfigSerializeWrapper.TopicConfigTable["TopicTest"].WriteQueueNums);
    }

    [Fact]
    public void Route_data_json_has_java_field_names_and_quoted_broker_ids()
    {
        var route = new TopicRouteData();
        route.QueueDatas.Add(new QueueData { BrokerName = "b", ReadQueueNums = 1, WriteQueueNums = 1, Perm = 6 });
        route.BrokerDatas.Add(new BrokerData { Cluster = "c", BrokerName = "b", BrokerAddrs = { [0] = "h:1" } });

        var json = System.Text.Encoding.UTF8.GetString(
            RemotingJson.Serialize(route, RemotingJsonContext.Default.TopicRouteData));

        Assert.Equal("{\"queueDatas\":[{\"brokerName\":\"b\",\"readQueueNums\":1,\"writeQueueNums\":1,\"perm\":6," +
            "\"topicSysFlag\":0,\"topicSynFlag\":0}],\"brokerDatas\":[{\"cluster\":\"c\",\"brokerName\":\"b\"," +
            "\"brokerAddrs\":{\"0\":\"h:1\"}}],\"filterServerTable\":{}}", json);
    }
}
