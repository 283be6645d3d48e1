using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Tests;

public class TypedHeaderTests
{
    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public void Typed_header_round_trips_through_ext_fields_on_the_wire(SerializeType serializeType)
    {
        var header = new SampleHeader { Topic = "TopicTest", QueueId = 3, Offset = long.MaxValue, Order = true };
        var request = RemotingCommand.CreateRequest(RequestCode.QueryConsumerOffset, header);
        request.SerializeType = serializeType;

        var decoded = GoldenVectorTests.Decode(RemotingCommandCodec.EncodeToArray(request))
            .DecodeHeader<SampleHeader>();

        Assert.Equal(header, decoded);
    }

    [Fact]
    public void Missing_required_field_names_the_field_as_java_does()
    {
        var request = RemotingCommand.CreateRequest(RequestCode.QueryConsumerOffset);
        request.SetExtField("queueId", "1");

        var error = Assert.Throws<RemotingCommandException>(request.DecodeHeader<SampleHeader>);

        Assert.Equal("the custom field <topic> is null", error.Message);
    }

    [Fact]
    public void Malformed_number_names_the_field_and_value()
    {
        var request = RemotingCommand.CreateRequest(RequestCode.QueryConsumerOffset);
        request.SetExtField("topic", "T");
        request.SetExtField("queueId", "x1");

        var error = Assert.Throws<RemotingCommandException>(request.DecodeHeader<SampleHeader>);

        Assert.Contains("queueId", error.Message, StringComparison.Ordinal);
        Assert.Contains("x1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Response_keeps_the_request_serialization_and_opaque()
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic);
        request.SerializeType = SerializeType.RocketMq;

        var response = RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist, "no route");

        Assert.Equal(SerializeType.RocketMq, response.SerializeType);
        Assert.Equal(request.Opaque, response.Opaque);
        Assert.True(response.IsResponse);
    }

    private sealed record SampleHeader : ICommandHeader<SampleHeader>
    {
        public required string Topic { get; init; }

        public int QueueId { get; init; }

        public long? Offset { get; init; }

        public bool? Order { get; init; }

        public static SampleHeader ReadFrom(ExtFieldsReader fields) => new()
        {
            Topic = fields.RequiredString("topic"),
            QueueId = fields.RequiredInt32("queueId"),
            Offset = fields.OptionalInt64("offset"),
            Order = fields.OptionalBoolean("order"),
        };

        public void WriteTo(IDictionary<string, string> extFields)
        {
            extFields.Put("topic", Topic);
            extFields.Put("queueId", QueueId);
            extFields.Put("offset", Offset);
            extFields.Put("order", Order);
        }
    }
}
