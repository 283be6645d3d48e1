using RocketMQ.Common.Protocol;
using RocketMQ.NameServer.Routing;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.NameServer.Processors;

/// <summary>What operators change: WIPE_WRITE_PERM_OF_BROKER (205), DELETE_TOPIC_IN_NAMESRV (216).</summary>
public sealed class RouteAdminProcessor : IRequestProcessor
{
    private readonly RouteInfoManager _routes;

    public RouteAdminProcessor(RouteInfoManager routes) => _routes = routes;

    public static int[] Codes { get; } = [RequestCode.WipeWritePermOfBroker, RequestCode.DeleteTopicInNameServer];

    public ValueTask<RemotingCommand?> ProcessAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken)
    {
        if (request.Code == RequestCode.WipeWritePermOfBroker)
        {
            var count = _routes.WipeWritePermOfBroker(request.DecodeHeader<BrokerNameHeader>().BrokerName);
            return ValueTask.FromResult<RemotingCommand?>(RemotingCommand.CreateResponse(request,
                ResponseCode.Success, new WipeWritePermResponseHeader { WipeTopicCount = count }));
        }

        _routes.DeleteTopic(request.DecodeHeader<TopicHeader>().Topic);
        return ValueTask.FromResult<RemotingCommand?>(RemotingCommand.CreateResponse(request, ResponseCode.Success));
    }
}
