using System.Text;
using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Registration;
using RocketMQ.Common.Configuration;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Admin;

/// <summary>
/// GET_BROKER_CONFIG (26) and UPDATE_BROKER_CONFIG (25) over <see cref="BrokerConfiguration"/>. Both work on every
/// member: the broker config is per member, not replicated (as in Java, where a slave has its own).
/// </summary>
internal sealed class BrokerConfigProcessor(BrokerContext context, BrokerConfiguration configuration)
    : IRequestProcessor
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<BrokerConfigProcessor>();

    public static int[] Codes => [RequestCode.GetBrokerConfig, RequestCode.UpdateBrokerConfig];

    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken) => request.Code == RequestCode.GetBrokerConfig
            ? Get(request)
            : await UpdateAsync(request, channel, cancellationToken).ConfigureAwait(false);

    private RemotingCommand Get(RemotingCommand request)
    {
        var (timestamp, counter) = configuration.Version;
        var version = Encoding.UTF8.GetString(RemotingJson.Serialize(
            new DataVersion { Timestamp = timestamp, Counter = counter }, AdminJsonContext.Default.DataVersion));
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success,
            new GetBrokerConfigResponseHeader { Version = version });
        response.Body = Encoding.UTF8.GetBytes(configuration.Describe());
        return response;
    }

    private async ValueTask<RemotingCommand> UpdateAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken token)
    {
        // As Java: no body, nothing to change.
        if (request.Body.IsEmpty)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.Success);
        }

        Dictionary<string, string> properties;
        try
        {
            properties = JavaProperties.Parse(StrictUtf8.GetString(request.Body.Span));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return AdminResponses.Refuse(request, channel, _logger, ResponseCode.SystemError,
                $"the body is not properties text (key=value lines): {e.Message}");
        }

        var result = configuration.Update(properties);
        switch (result.Status)
        {
            case ConfigUpdateStatus.Applied:
                break;
            case ConfigUpdateStatus.NotUpdatable:
                // Java's code for keys on its update black list.
                return AdminResponses.Refuse(request, channel, _logger, ResponseCode.NoPermission, result.Remark!);
            default:
                return AdminResponses.Refuse(request, channel, _logger, ResponseCode.SystemError, result.Remark!);
        }

        AdminLog.ConfigUpdated(_logger, channel.RemoteAddress, string.Join(", ", properties.Keys));
        if (properties.ContainsKey("brokerPermission"))
        {
            await AdvertisePermissionAsync(token).ConfigureAwait(false);
        }

        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    /// <summary>
    /// Java bumps the topic-config version and registers at once when brokerPermission changes, because the name
    /// server only re-reads a master's topics when that version moved and the registration masks every topic's perm
    /// with the broker's. The version here is replicated state, so the leader moves it by re-writing an unchanged
    /// topic (the broker-name topic, else any) through the log.
    /// </summary>
    private async Task AdvertisePermissionAsync(CancellationToken token)
    {
        if (context.IsLeader)
        {
            var topics = context.Store.Config.Topics;
            var topic = topics.GetValueOrDefault(context.Options.BrokerName) ?? topics.Values.FirstOrDefault();
            var bumped = topic is null
                ? null
                : await context.Store.UpdateTopicAsync(topic, token).ConfigureAwait(false);
            if (bumped is not { IsOk: true })
            {
                AdminLog.PermissionNotAdvertised(_logger, bumped?.Remark ?? "no topic yet; the first one carries it");
            }
        }

        if (context.Find<NameServerRegistration>() is { } registration)
        {
            try
            {
                await registration.RegisterAllAsync("brokerPermission changed")
                    .WaitAsync(TimeSpan.FromSeconds(2), context.Time, token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Continues in the background, as after a topic creation.
            }
        }
    }
}
