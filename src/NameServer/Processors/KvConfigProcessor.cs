using RocketMQ.Common.Protocol;
using RocketMQ.NameServer.KvConfig;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.NameServer.Processors;

/// <summary>PUT_KV_CONFIG (100), GET_KV_CONFIG (101), DELETE_KV_CONFIG (102), GET_KVLIST_BY_NAMESPACE (219).</summary>
public sealed class KvConfigProcessor : IRequestProcessor
{
    private readonly KvConfigManager _kvConfig;

    public KvConfigProcessor(KvConfigManager kvConfig) => _kvConfig = kvConfig;

    public static int[] Codes { get; } =
    [
        RequestCode.PutKvConfig, RequestCode.GetKvConfig, RequestCode.DeleteKvConfig,
        RequestCode.GetKvListByNamespace,
    ];

    public ValueTask<RemotingCommand?> ProcessAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken)
    {
        var header = request.DecodeHeader<KvConfigHeader>();
        return ValueTask.FromResult<RemotingCommand?>(request.Code switch
        {
            RequestCode.PutKvConfig => Put(request, header),
            RequestCode.GetKvConfig => Get(request, header),
            RequestCode.DeleteKvConfig => Delete(request, header),
            _ => List(request, header),
        });
    }

    private RemotingCommand Put(RemotingCommand request, KvConfigHeader header)
    {
        _kvConfig.Put(header.Namespace, header.RequiredKey, header.RequiredValue);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    private RemotingCommand Get(RemotingCommand request, KvConfigHeader header)
    {
        var value = _kvConfig.Get(header.Namespace, header.RequiredKey);
        return value is null
            ? RemotingCommand.CreateResponse(request, ResponseCode.QueryNotFound,
                $"No config item, Namespace: {header.Namespace} Key: {header.Key}")
            : RemotingCommand.CreateResponse(request, ResponseCode.Success, new KvValueHeader { Value = value });
    }

    private RemotingCommand Delete(RemotingCommand request, KvConfigHeader header)
    {
        _kvConfig.Delete(header.Namespace, header.RequiredKey);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    private RemotingCommand List(RemotingCommand request, KvConfigHeader header)
    {
        if (_kvConfig.GetNamespace(header.Namespace) is not { } pairs)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.QueryNotFound,
                $"No config item, Namespace: {header.Namespace}");
        }

        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = RemotingJson.Serialize(new KvTable { Table = pairs }, RemotingJsonContext.Default.KvTable);
        return response;
    }
}
