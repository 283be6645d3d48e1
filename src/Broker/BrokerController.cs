using System.Net;
using Microsoft.Extensions.Logging;
using RocketMQ.DLedger;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Transport;
using RocketMQ.Store;

namespace RocketMQ.Broker;

/// <summary>
/// One broker: the message store (recovered from its checkpoint), its member of the group's Raft log, the modules
/// (processors and services) and the client-facing TCP server. Hosts create one and call <see cref="StartAsync"/> /
/// <see cref="StopAsync"/>; tests use it directly.
/// </summary>
public sealed class BrokerController : IAsyncDisposable
{
    private readonly BrokerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IBrokerModule> _modules;
    private readonly DLedgerTransport _transport;
    private readonly MessageStoreEnvironment? _storeEnvironment;
    private MessageStore? _store;
    private DLedgerNode? _node;
    private TcpRemotingServer? _server;
    private int _stopped;

    /// <param name="options">Validated here (a bad key stops startup, named).</param>
    /// <param name="modules">The broker's areas, in start order; null = <see cref="BrokerModules.Default"/>.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="time">Clock for every timer the broker owns.</param>
    /// <param name="transport">Raft transport (TCP; tests use the in-memory network).</param>
    /// <param name="storeEnvironment">Store seams (tests inject disk usage); null = the real machine.</param>
    /// <exception cref="Common.Configuration.ConfigurationException">An invalid option, naming its key.</exception>
    public BrokerController(BrokerOptions options, IReadOnlyList<IBrokerModule>? modules, ILoggerFactory loggerFactory,
        TimeProvider time, DLedgerTransport? transport = null, MessageStoreEnvironment? storeEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _loggerFactory = loggerFactory;
        _time = time;
        _logger = loggerFactory.CreateLogger<BrokerController>();
        _modules = modules ?? BrokerModules.Default(options);
        _transport = transport ?? DLedgerTransport.Tcp;
        _storeEnvironment = storeEnvironment;
        Dispatcher = new RequestDispatcher(loggerFactory);
    }

    /// <summary>Every request code the broker serves (valid after <see cref="StartAsync"/>).</summary>
    public RequestDispatcher Dispatcher { get; }

    /// <summary>The shared context (valid after <see cref="StartAsync"/>).</summary>
    public BrokerContext Context { get; private set; } = null!;

    /// <summary>The bound client address once started.</summary>
    public IPEndPoint? ListenEndPoint => _server?.LocalEndPoint;

    /// <summary>
    /// Recovers the store, joins the Raft group (re-applying what the store's checkpoint does not cover), registers
    /// the modules, starts them and starts listening.
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">The client or Raft port is in use.</exception>
    public async Task StartAsync(CancellationToken token = default)
    {
        try
        {
            await StartCoreAsync(token).ConfigureAwait(false);
        }
        catch
        {
            // A port in use or a damaged store must not leave a half-started broker holding files and ports.
            await StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken token)
    {
        if (_options.TestOnlyAckBeforeCommit)
        {
            // Before anything can take a send, so no acknowledgement precedes the warning in the log.
            BrokerLog.AckBeforeCommitEnabled(_logger, _options.BrokerName, _options.DLegerSelfId);
        }

        var storeOptions = _options.ToStoreOptions();
        _store = MessageStore.Open(storeOptions, _storeEnvironment ?? new MessageStoreEnvironment
        {
            Time = _time,
            LoggerFactory = _loggerFactory,
        });
        _node = await DLedgerNode.StartAsync(_options.ToDLedgerOptions(), _store, _transport, _loggerFactory, token)
            .ConfigureAwait(false);
        _store.AttachLog(_node);
        Context = new BrokerContext(_options, _store, _node, _time, _loggerFactory);
        foreach (var module in _modules)
        {
            module.Register(Context, Dispatcher);
        }

        foreach (var module in _modules)
        {
            await module.StartAsync(token).ConfigureAwait(false);
        }

        var endPoint = new IPEndPoint(IPAddress.Parse(_options.BindAddress), _options.ListenPort);
        _server = new TcpRemotingServer(endPoint, new RemotingOptions(), Dispatcher,
            new ChannelEvents([.. _modules.OfType<IChannelEventListener>()]), _loggerFactory, _time);
        await _server.StartAsync(token).ConfigureAwait(false);
        BrokerLog.Started(_logger, _options.BrokerName, _options.DLegerSelfId, _options.BrokerAddress,
            _server.LocalEndPoint!.Port, _options.StorePathRootDir);
    }

    /// <summary>Stops the modules, the server, the Raft member and the store (final checkpoint). Idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (Context is not null)
        {
            for (var i = _modules.Count - 1; i >= 0; i--)
            {
                await _modules[i].StopAsync().ConfigureAwait(false);
            }
        }

        if (_server is not null)
        {
            await _server.StopAsync().ConfigureAwait(false);
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        if (_node is not null)
        {
            await _node.DisposeAsync().ConfigureAwait(false);
        }

        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        BrokerLog.Stopped(_logger, _options.BrokerName, _options.DLegerSelfId);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Fans connection events out to every module that listens.</summary>
    private sealed class ChannelEvents(IReadOnlyList<IChannelEventListener> listeners) : IChannelEventListener
    {
        public void OnChannelConnected(IRemotingChannel channel)
        {
            foreach (var listener in listeners)
            {
                listener.OnChannelConnected(channel);
            }
        }

        public void OnChannelClosed(IRemotingChannel channel)
        {
            foreach (var listener in listeners)
            {
                listener.OnChannelClosed(channel);
            }
        }
    }
}
