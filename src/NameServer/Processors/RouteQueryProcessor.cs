using RocketMQ.Common.Protocol;
using RocketMQ.NameServer.KvConfig;
using RocketMQ.NameServer.Routing;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.NameServer.Processors;

/// <summary>What clients and mqadmin read: GET_ROUTEINFO_BY_TOPIC (105), GET_BROKER_CLUSTER_INFO (106),
/// GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206), GET_TOPICS_BY_CLUSTER (224),
/// GET_SYSTEM_TOPIC_LIST_FROM_NS (304).</summary>
public sealed class RouteQueryProcessor : IRequestProcessor
{
    private readonly RouteInfoManager _routes;
    private readonly KvConfigManager _kvConfig;
    private readonly NameServerOptions _options;

    public RouteQueryProcessor(RouteInfoManager routes, KvConfigManager kvConfig, NameServerOptions options)
    {
        _routes = routes;
        _kvConfig = kvConfig;
        _options = options;
    }

    public static int[] Codes { get; } =
    [
        RequestCode.GetRouteInfoByTopic, RequestCode.GetBrokerClusterInfo, RequestCode.GetAllTopicListFromNameServer,
        RequestCode.GetTopicsByCluster, RequestCode.GetSystemTopicListFromNameServer,
    ];

    public ValueTask<RemotingCommand?> ProcessAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken) =>
        ValueTask.FromResult<RemotingCommand?>(request.Code switch
        {
            RequestCode.GetRouteInfoByTopic => RouteInfo(request),
            RequestCode.GetBrokerClusterInfo => WithBody(request,
                RemotingJson.Serialize(_routes.GetClusterInfo(), RemotingJsonContext.Default.ClusterInfo)),
            RequestCode.GetAllTopicListFromNameServer => Topics(request, _routes.GetAllTopics()),
            RequestCode.GetTopicsByCluster =>
                Topics(request, _routes.GetTopicsByCluster(request.DecodeHeader<ClusterHeader>().Cluster)),
            _ => Topics(request, _routes.GetSystemTopicList()),
        });

    private RemotingCommand RouteInfo(RemotingCommand request)
    {
        var topic = request.DecodeHeader<TopicHeader>().Topic;
        var route = _routes.PickupTopicRouteData(topic);
        if (route is null)
        {
            // Java appends an FAQ link; the topic name is what clients and operators need.
            return RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist,
                "No topic route info in name server for the topic: " + topic);
        }

        if (_options.OrderMessageEnable)
        {
            route.OrderTopicConf = _kvConfig.Get(BrokerRegistrationProcessor.OrderTopicConfigNamespace, topic);
        }

        return WithBody(request, RemotingJson.Serialize(route, RemotingJsonContext.Default.TopicRouteData));
    }

    private static RemotingCommand Topics(RemotingCommand request, TopicList topics) =>
        WithBody(request, RemotingJson.Serialize(topics, RemotingJsonContext.Default.TopicList));

    private static RemotingCommand WithBody(RemotingCommand request, byte[] body)
    {
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = body;
        return response;
    }
}
