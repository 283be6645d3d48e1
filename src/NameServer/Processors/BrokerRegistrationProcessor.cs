using System.IO.Hashing;
using RocketMQ.Common.Protocol;
using RocketMQ.NameServer.KvConfig;
using RocketMQ.NameServer.Routing;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.NameServer.Processors;

/// <summary>REGISTER_BROKER (103), UNREGISTER_BROKER (104) and QUERY_DATA_VERSION (322): what brokers ask.</summary>
public sealed class BrokerRegistrationProcessor : IRequestProcessor
{
    /// <summary>The KV namespace whose pairs are returned to registering brokers (Java's NamesrvUtil
    /// constant).</summary>
    public const string OrderTopicConfigNamespace = "ORDER_TOPIC_CONFIG";

    private readonly RouteInfoManager _routes;
    private readonly KvConfigManager _kvConfig;

    public BrokerRegistrationProcessor(RouteInfoManager routes, KvConfigManager kvConfig)
    {
        _routes = routes;
        _kvConfig = kvConfig;
    }

    public static int[] Codes { get; } =
        [RequestCode.RegisterBroker, RequestCode.UnregisterBroker, RequestCode.QueryDataVersion];

    public ValueTask<RemotingCommand?> ProcessAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken) =>
        ValueTask.FromResult<RemotingCommand?>(request.Code switch
        {
            RequestCode.RegisterBroker => Register(request, channel),
            RequestCode.UnregisterBroker => Unregister(request),
            _ => QueryDataVersion(request),
        });

    /// <summary>Java's UtilAll.crc32: CRC-32 (IEEE) of the bytes, masked to a non-negative int.</summary>
    public static int JavaCrc32(ReadOnlySpan<byte> bytes) => (int)(Crc32.HashToUInt32(bytes) & 0x7FFFFFFF);

    private RemotingCommand Register(RemotingCommand request, IRemotingChannel channel)
    {
        var header = request.DecodeHeader<RegisterBrokerRequestHeader>();
        if (header.BodyCrc32 != 0 && JavaCrc32(request.Body.Span) != header.BodyCrc32)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, "crc32 not match");
        }

        var body = request.Body.IsEmpty
            ? new RegisterBrokerBody()
            : RegisterBrokerBodyCodec.Decode(request.Body, header.Compressed);
        var result = _routes.Register(new BrokerRegistration(header.ClusterName, header.BrokerAddr,
            header.BrokerName, header.BrokerId, header.HaServerAddr, body.TopicConfigSerializeWrapper,
            body.FilterServerList, channel));

        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success,
            new RegisterBrokerResponseHeader { HaServerAddr = result.HaServerAddr, MasterAddr = result.MasterAddr });
        if (_kvConfig.GetNamespace(OrderTopicConfigNamespace) is { } orderTopics)
        {
            response.Body = RemotingJson.Serialize(new KvTable { Table = orderTopics },
                RemotingJsonContext.Default.KvTable);
        }

        return response;
    }

    private RemotingCommand Unregister(RemotingCommand request)
    {
        var header = request.DecodeHeader<BrokerIdentityHeader>();
        _routes.Unregister(header.ClusterName, header.BrokerAddr, header.BrokerName, header.BrokerId);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    private RemotingCommand QueryDataVersion(RemotingCommand request)
    {
        var header = request.DecodeHeader<BrokerIdentityHeader>();
        var brokerVersion = RemotingJson.Deserialize(request.Body, RemotingJsonContext.Default.DataVersion);
        var changed = _routes.IsTopicConfigChanged(header.BrokerAddr, brokerVersion);
        if (!changed)
        {
            _routes.UpdateBrokerInfoUpdateTimestamp(header.BrokerAddr);
        }

        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success,
            new QueryDataVersionResponseHeader { Changed = changed });
        if (_routes.QueryBrokerTopicConfig(header.BrokerAddr) is { } known)
        {
            response.Body = RemotingJson.Serialize(known, RemotingJsonContext.Default.DataVersion);
        }

        return response;
    }
}
