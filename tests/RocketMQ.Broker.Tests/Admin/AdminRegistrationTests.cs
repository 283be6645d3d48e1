using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Remoting.Transport;
using static RocketMQ.Broker.Tests.Admin.AdminTestKit;

namespace RocketMQ.Broker.Tests.Admin;

/// <summary>What the name server sees of admin changes (a recording name server on loopback).</summary>
public sealed class AdminRegistrationTests
{
    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task A_created_topic_is_registered_before_the_answer_and_broker_permission_masks_it(
        SerializeType serialization)
    {
        var nameServer = new RecordingNameServer();
        await using var server = new TcpRemotingServer(new IPEndPoint(IPAddress.Loopback, 0), new RemotingOptions(),
            new RequestDispatcher().Register(RequestCode.RegisterBroker, nameServer), null,
            NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync();
        await using var broker = await BrokerHarness.StartAsync(
            o => o.NamesrvAddr = $"127.0.0.1:{server.LocalEndPoint!.Port}");
        await WhenSystemTopicsAsync(broker.Context);
        var topic = Name("Advertised", serialization);

        AssertCode(ResponseCode.Success, await broker.InvokeAsync(CreateTopic(topic, perm: 6), serialization));
        var created = nameServer.Last(topic) ?? throw new Xunit.Sdk.XunitException("the topic was not registered");
        AssertCode(ResponseCode.Success, await broker.InvokeAsync(
            WithBody(RequestCode.UpdateBrokerConfig, "brokerPermission=4"), serialization));
        var readOnly = nameServer.Last(topic) ?? throw new Xunit.Sdk.XunitException("no registration");

        Assert.Equal(6, created.Topic.Perm);
        Assert.Equal(4, readOnly.Topic.Perm);
        Assert.True(readOnly.Version.Counter > created.Version.Counter, "the version moves so it is re-read");
    }

    /// <summary>Answers REGISTER_BROKER and keeps every topic registration it saw.</summary>
    private sealed class RecordingNameServer : IRequestProcessor
    {
        private readonly ConcurrentQueue<TopicConfigSerializeWrapper> _registrations = new();

        public (TopicConfig Topic, DataVersion Version)? Last(string topic) =>
            _registrations.LastOrDefault(r => r.TopicConfigTable.ContainsKey(topic)) is { } wrapper
                ? (wrapper.TopicConfigTable[topic], wrapper.DataVersion)
                : null;

        public ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
            CancellationToken cancellationToken)
        {
            var header = request.DecodeHeader<RegisterBrokerRequestHeader>();
            var body = RegisterBrokerBodyCodec.Decode(request.Body, header.Compressed);
            _registrations.Enqueue(body.TopicConfigSerializeWrapper);
            return ValueTask.FromResult<RemotingCommand?>(RemotingCommand.CreateResponse(request,
                ResponseCode.Success, new RegisterBrokerResponseHeader()));
        }
    }
}
