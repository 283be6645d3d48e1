using System.Net;
using Microsoft.Extensions.Logging;
using RocketMQ.NameServer.KvConfig;
using RocketMQ.NameServer.Processors;
using RocketMQ.NameServer.Routing;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Transport;

namespace RocketMQ.NameServer;

/// <summary>
/// One name server: the route table, the KV store, the processors wired to a dispatcher, the TCP server and the
/// periodic liveness scan. Hosts create one and call <see cref="StartAsync"/>/<see cref="StopAsync"/>; tests use
/// it directly (with a fake <see cref="TimeProvider"/> the scan only runs when the test advances time).
/// </summary>
public sealed class NameServerController : IAsyncDisposable
{
    private readonly NameServerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _timerLock = new();
    private TcpRemotingServer? _server;
    private ITimer? _scanTimer;
    private bool _stopped;

    /// <exception cref="Common.Configuration.ConfigurationException">Invalid options, naming the key.</exception>
    public NameServerController(NameServerOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _loggerFactory = loggerFactory;
        _time = time;
        _logger = loggerFactory.CreateLogger<NameServerController>();
        RouteInfo = new RouteInfoManager(options, time, loggerFactory.CreateLogger<RouteInfoManager>());
        KvConfig = new KvConfigManager(options.KvConfigPath, loggerFactory.CreateLogger<KvConfigManager>());
        Dispatcher = new RequestDispatcher(loggerFactory)
            .Register(new BrokerRegistrationProcessor(RouteInfo, KvConfig), BrokerRegistrationProcessor.Codes)
            .Register(new RouteQueryProcessor(RouteInfo, KvConfig, options), RouteQueryProcessor.Codes)
            .Register(new RouteAdminProcessor(RouteInfo), RouteAdminProcessor.Codes)
            .Register(new KvConfigProcessor(KvConfig), KvConfigProcessor.Codes)
            .Register(new NameServerConfigProcessor(options, RescheduleScan, _logger), NameServerConfigProcessor.Codes);
        ChannelListener = new BrokerChannelListener(RouteInfo);
    }

    public RouteInfoManager RouteInfo { get; }

    public KvConfigManager KvConfig { get; }

    /// <summary>Every name-server request code, ready for any transport (TCP here, in-memory in tests).</summary>
    public RequestDispatcher Dispatcher { get; }

    /// <summary>Removes a broker from routes as soon as its connection closes.</summary>
    public IChannelEventListener ChannelListener { get; }

    /// <summary>The bound address once started.</summary>
    public IPEndPoint? ListenEndPoint => _server?.LocalEndPoint;

    /// <summary>Loads the KV store, starts listening and schedules the liveness scan.</summary>
    /// <exception cref="Common.Configuration.ConfigurationException">A corrupt kvConfig.json.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The port is in use.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        KvConfig.Load();
        var endPoint = new IPEndPoint(IPAddress.Parse(_options.BindAddress), _options.ListenPort);
        _server = new TcpRemotingServer(endPoint, _options.ToRemotingOptions(), Dispatcher, ChannelListener,
            _loggerFactory, _time);
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        RescheduleScan();
        NameServerLog.BootSuccess(_logger, $"{_options.BindAddress}:{_server.LocalEndPoint!.Port}");
    }

    /// <summary>Stops the scan and the server (closing every connection). Idempotent: the generic host calls it
    /// and then disposes the controller.</summary>
    public async Task StopAsync()
    {
        lock (_timerLock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            _scanTimer?.Dispose();
            _scanTimer = null;
        }

        if (_server is not null)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }

        NameServerLog.Shutdown(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void RescheduleScan()
    {
        var period = TimeSpan.FromMilliseconds(_options.ScanNotActiveBrokerIntervalMs);
        lock (_timerLock)
        {
            if (_stopped)
            {
                return;
            }

            if (_scanTimer is null)
            {
                _scanTimer = _time.CreateTimer(_ => ScanNotActiveBrokers(), null, period, period);
            }
            else
            {
                _scanTimer.Change(period, period);
            }
        }
    }

    private void ScanNotActiveBrokers()
    {
        // A timer callback that throws would take the process down; one failed scan must not (the next runs).
        try
        {
            RouteInfo.ScanNotActiveBrokers();
        }
#pragma warning disable CA1031 // Whatever failed is logged; liveness keeps being checked.
        catch (Exception e)
#pragma warning restore CA1031
        {
            NameServerLog.ScanFailed(_logger, e);
        }
    }

    private sealed class BrokerChannelListener(RouteInfoManager routes) : IChannelEventListener
    {
        public void OnChannelConnected(IRemotingChannel channel)
        {
        }

        public void OnChannelClosed(IRemotingChannel channel) => routes.OnChannelDestroy(channel);
    }
}
