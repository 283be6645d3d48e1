using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Topics;
using RocketMQ.Common.Protocol;
using RocketMQ.Common.Replication;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Remoting.Transport;

namespace RocketMQ.Broker.Registration;

/// <summary>
/// Registration with every name server, driven by the Raft role (decision 7): the leader registers as brokerId 0
/// (master), followers as slaves (their position + 1); every <c>registerNameServerPeriod</c>, and at once on each role
/// change — a new leader only after it applied everything committed (DLedger announces it then). The body carries
/// the group's topics from the replicated config.
/// </summary>
public sealed class NameServerRegistration : IBrokerModule, IAsyncDisposable
{
    private readonly SemaphoreSlim _registering = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private BrokerContext _context = null!;
    private TcpRemotingClient _client = null!;
    private ILogger _logger = null!;
    private ITimer? _timer;
    private long _registeredId = -1;

    /// <summary>Set after each round with the id registered (tests wait on it).</summary>
    public event Action<long>? Registered;

    public void Register(BrokerContext context, RequestDispatcher dispatcher)
    {
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<NameServerRegistration>();
        _client = new TcpRemotingClient(new RemotingOptions(), null, context.LoggerFactory, context.Time);
        context.Add(this);
    }

    public Task StartAsync(CancellationToken token)
    {
        _context.Log.RoleChanged += OnRoleChanged;
        var period = TimeSpan.FromMilliseconds(_context.Options.RegisterNameServerPeriod);
        _timer = _context.Time.CreateTimer(_ => _ = RegisterAllAsync("period"), null, TimeSpan.Zero, period);
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        _context.Log.RoleChanged -= OnRoleChanged;
        _timer?.Dispose();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _registering.WaitAsync().ConfigureAwait(false);
        try
        {
            await UnregisterAllAsync().ConfigureAwait(false);
        }
        finally
        {
            _registering.Release();
        }

        await _client.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    /// <summary>Registers with every name server now (role change, topic change, or the timer).</summary>
    public async Task RegisterAllAsync(string reason)
    {
        if (_lifetime.IsCancellationRequested || !await TryEnterAsync().ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var brokerId = _context.CurrentBrokerId;
            if (_registeredId >= 0 && _registeredId != brokerId)
            {
                // The name server keys a broker address by id: drop the old id so routes never show both roles.
                await UnregisterAllAsync().ConfigureAwait(false);
            }

            var body = RegisterBrokerBodyCodec.Encode(CreateBody(), compress: false);
            await Task.WhenAll(_context.Options.NameServers.Select(server => RegisterOneAsync(server, brokerId, body)))
                .ConfigureAwait(false);
            _registeredId = brokerId;
            BrokerLog.Registered(_logger, brokerId, reason, _context.Options.NameServers.Count);
            Registered?.Invoke(brokerId);
        }
        finally
        {
            _registering.Release();
        }
    }

    private async Task<bool> TryEnterAsync()
    {
        try
        {
            await _registering.WaitAsync(_lifetime.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void OnRoleChanged(ReplicaState state) => _ = RegisterAllAsync($"role {state.Role}, term {state.Term}");

    private async Task RegisterOneAsync(string server, long brokerId, byte[] body)
    {
        var options = _context.Options;
        var request = RemotingCommand.CreateRequest(RequestCode.RegisterBroker, new RegisterBrokerRequestHeader
        {
            BrokerName = options.BrokerName,
            BrokerAddr = options.BrokerAddress,
            ClusterName = options.BrokerClusterName,
            HaServerAddr = options.BrokerAddress,
            BrokerId = brokerId,
            Compressed = false,
            BodyCrc32 = (int)(System.IO.Hashing.Crc32.HashToUInt32(body) & 0x7FFFFFFF),
        });
        request.Body = body;
        try
        {
            var response = await _client.InvokeAsync(server, request,
                TimeSpan.FromMilliseconds(options.RegisterBrokerTimeoutMills), _lifetime.Token).ConfigureAwait(false);
            if (response.Code != ResponseCode.Success)
            {
                BrokerLog.RegistrationRefused(_logger, server, response.Code, response.Remark);
            }
        }
        catch (Exception e) when (e is RemotingConnectionException or TimeoutException or OperationCanceledException)
        {
            BrokerLog.RegistrationFailed(_logger, server, e.Message);
        }
    }

    private async Task UnregisterAllAsync()
    {
        if (_registeredId < 0)
        {
            return;
        }

        var options = _context.Options;
        var header = new BrokerIdentityHeader
        {
            BrokerName = options.BrokerName,
            BrokerAddr = options.BrokerAddress,
            ClusterName = options.BrokerClusterName,
            BrokerId = _registeredId,
        };
        foreach (var server in options.NameServers)
        {
            try
            {
                await _client.InvokeAsync(server, RemotingCommand.CreateRequest(RequestCode.UnregisterBroker, header),
                    TimeSpan.FromMilliseconds(options.RegisterBrokerTimeoutMills)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RemotingConnectionException or TimeoutException)
            {
                BrokerLog.RegistrationFailed(_logger, server, e.Message);
            }
        }

        _registeredId = -1;
    }

    private RegisterBrokerBody CreateBody()
    {
        // As RocketMQ: a broker without write permission advertises its topics read-only.
        var wrapper = TopicTable.From(_context.Store.Config.Current, _context.Options.BrokerPermission);
        return new RegisterBrokerBody { TopicConfigSerializeWrapper = wrapper };
    }
}
