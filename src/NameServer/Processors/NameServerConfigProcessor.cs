using System.Text;
using Microsoft.Extensions.Logging;
using RocketMQ.Common.Configuration;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.NameServer.Processors;

/// <summary>
/// GET_NAMESRV_CONFIG (319) answers the effective configuration as properties text; UPDATE_NAMESRV_CONFIG (318)
/// applies properties text. Stricter than Java, which ignores unknown keys: an unknown key, a key that cannot
/// change while running (NO_PERMISSION, as Java's black list) or a bad value rejects the whole update.
/// </summary>
public sealed class NameServerConfigProcessor : IRequestProcessor
{
    private readonly NameServerOptions _options;
    private readonly Action _onUpdated;
    private readonly ILogger _logger;
    private readonly object _lock = new();

    /// <param name="options">The live options; updated in place.</param>
    /// <param name="onUpdated">Called after an update so timers can pick up new intervals.</param>
    /// <param name="logger">Logs applied updates.</param>
    public NameServerConfigProcessor(NameServerOptions options, Action onUpdated, ILogger logger)
    {
        _options = options;
        _onUpdated = onUpdated;
        _logger = logger;
    }

    public static int[] Codes { get; } = [RequestCode.GetNameServerConfig, RequestCode.UpdateNameServerConfig];

    public ValueTask<RemotingCommand?> ProcessAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken) =>
        ValueTask.FromResult<RemotingCommand?>(request.Code == RequestCode.GetNameServerConfig
            ? Get(request)
            : Update(request));

    private RemotingCommand Get(RemotingCommand request)
    {
        string text;
        lock (_lock)
        {
            text = JavaProperties.Write(NameServerOptions.Binder.Describe(_options));
        }

        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = Encoding.UTF8.GetBytes(text);
        return response;
    }

    private RemotingCommand Update(RemotingCommand request)
    {
        Dictionary<string, string> changes;
        try
        {
            changes = JavaProperties.Parse(Encoding.UTF8.GetString(request.Body.Span));
        }
        catch (FormatException e)
        {
            return RemotingCommand.CreateResponse(
                request, ResponseCode.SystemError, "bad properties body: " + e.Message);
        }

        foreach (var key in changes.Keys)
        {
            if (!NameServerOptions.Binder.Contains(key))
            {
                return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"unknown config key {key}");
            }

            if (!NameServerOptions.Binder.IsRuntimeUpdatable(key))
            {
                return RemotingCommand.CreateResponse(request, ResponseCode.NoPermission,
                    $"config key {key} cannot be changed while the name server runs");
            }
        }

        lock (_lock)
        {
            // Validate on a copy first so a bad value leaves the live options untouched.
            var candidate = Copy(_options);
            try
            {
                NameServerOptions.Binder.Bind(candidate, changes);
                candidate.Validate();
            }
            catch (ConfigurationException e)
            {
                return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, e.Message);
            }

            NameServerOptions.Binder.Bind(_options, changes);
        }

        NameServerLog.ConfigUpdated(_logger, string.Join(", ", changes.Select(p => $"{p.Key}={p.Value}")));
        _onUpdated();
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    private static NameServerOptions Copy(NameServerOptions options)
    {
        var copy = new NameServerOptions();
        NameServerOptions.Binder.Bind(copy, NameServerOptions.Binder.Describe(options).ToDictionary());
        return copy;
    }
}
