using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Consuming.Clients;
using RocketMQ.Broker.Consuming.Locking;
using RocketMQ.Broker.Consuming.Offsets;
using RocketMQ.Broker.Consuming.Pull;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Consuming;

/// <summary>
/// The consuming side of the broker: client heartbeats and group membership, consumer offsets, pulls with long
/// polling, and orderly consumers' queue locks.
/// </summary>
/// <remarks>
/// <para>Serves HEART_BEAT (34), UNREGISTER_CLIENT (35), GET_CONSUMER_LIST_BY_GROUP (38),
/// GET_CONSUMER_CONNECTION_LIST (203), GET_PRODUCER_CONNECTION_LIST (204), GET_CONSUME_STATS (208),
/// QUERY_CONSUMER_OFFSET (14), UPDATE_CONSUMER_OFFSET (15), SEARCH_OFFSET_BY_TIMESTAMP (29), GET_MAX_OFFSET (30),
/// GET_MIN_OFFSET (31), GET_EARLIEST_MSG_STORETIME (32), PULL_MESSAGE (11), LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ
/// (42); sends NOTIFY_CONSUMER_IDS_CHANGED (40) to a group's members when its membership changes.</para>
/// <para>Registers in <see cref="BrokerContext"/>: <see cref="ConsumerManager"/>, <see cref="ProducerManager"/>,
/// <see cref="ConsumerOffsetService"/> and <see cref="RebalanceLockManager"/>.</para>
/// </remarks>
public sealed class ConsumeModule : IBrokerModule, IChannelEventListener
{
    private readonly ConsumeOptions _options;
    private BrokerContext _context = null!;
    private ILogger _logger = null!;
    private PullMessageProcessor _pull = null!;
    private PullHoldService? _holds;
    private ITimer? _housekeeping;

    /// <param name="options">Hard-coded RocketMQ timings (tests shorten them); null = the defaults.</param>
    public ConsumeModule(ConsumeOptions? options = null)
    {
        _options = options ?? new ConsumeOptions();
        _options.Validate();
    }

    /// <summary>Consumer groups online (valid after <see cref="Register"/>).</summary>
    public ConsumerManager Consumers { get; private set; } = null!;

    /// <summary>Producer groups online (valid after <see cref="Register"/>).</summary>
    public ProducerManager Producers { get; private set; } = null!;

    /// <summary>Consumer offsets (valid after <see cref="Register"/>).</summary>
    public ConsumerOffsetService Offsets { get; private set; } = null!;

    /// <summary>Orderly consumers' queue locks (valid after <see cref="Register"/>).</summary>
    public RebalanceLockManager Locks { get; private set; } = null!;

    /// <summary>Pulls held by long polling right now.</summary>
    public int HeldPulls => _holds?.Count ?? 0;

    public void Register(BrokerContext context, RequestDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dispatcher);
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<ConsumeModule>();
        var groups = new SubscriptionGroups(context, _logger);
        Consumers = new ConsumerManager(NotifyEnabled);
        Producers = new ProducerManager();
        Offsets = new ConsumerOffsetService(context, _logger);
        Locks = new RebalanceLockManager(context.Time, _options.RebalanceLockMaxLiveTimeMs, _logger);
        _pull = new PullMessageProcessor(context, groups, Consumers, Offsets, _logger);
        Consumers.ConsumerIdsChanged += NotifyConsumerIdsChanged;
        context.Add(Consumers);
        context.Add(Producers);
        context.Add(Offsets);
        context.Add(Locks);

        dispatcher.Register(new ClientManageProcessor(context, groups, Consumers, Producers, _logger),
            RequestCode.HeartBeat, RequestCode.UnregisterClient);
        dispatcher.Register(new ConsumerAdminProcessor(context, Consumers, Producers, Offsets),
            RequestCode.GetConsumerListByGroup, RequestCode.GetConsumerConnectionList,
            RequestCode.GetProducerConnectionList, RequestCode.GetConsumeStats);
        dispatcher.Register(new ConsumerOffsetProcessor(context, Offsets),
            RequestCode.QueryConsumerOffset, RequestCode.UpdateConsumerOffset);
        dispatcher.Register(new QueueOffsetProcessor(context), RequestCode.SearchOffsetByTimestamp,
            RequestCode.GetMaxOffset, RequestCode.GetMinOffset, RequestCode.GetEarliestMsgStoreTime);
        dispatcher.Register(new LockBatchProcessor(context, Locks), RequestCode.LockBatchMq, RequestCode.UnlockBatchMq);
        dispatcher.Register(RequestCode.PullMessage, _pull);
    }

    public Task StartAsync(CancellationToken token)
    {
        Offsets.Start();
        _holds = new PullHoldService(_context, _pull, _options, _logger);
        _pull.Holds = _holds;
        var period = TimeSpan.FromMilliseconds(_options.ClientScanIntervalMs);
        _housekeeping = _context.Time.CreateTimer(static state => ((ConsumeModule)state!).ScanClients(), this,
            period, period);
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        _housekeeping?.Dispose();
        _pull.Holds = null;
        _holds?.Dispose();
        await Offsets.DisposeAsync().ConfigureAwait(false);
    }

    public void OnChannelConnected(IRemotingChannel channel)
    {
    }

    /// <summary>A closed channel leaves every group at once (Java's ClientHousekeepingService) and its held pulls
    /// are dropped.</summary>
    public void OnChannelClosed(IRemotingChannel channel)
    {
        Producers.OnChannelClosed(channel);
        Consumers.OnChannelClosed(channel);
        _holds?.OnChannelClosed(channel);
    }

    private bool NotifyEnabled(string group) => _context.Options.NotifyConsumerIdsChangedEnable
        && (_context.Store.Config.FindGroup(group)?.NotifyConsumerIdsChangedEnable ?? true);

    /// <summary>Broker2Client.notifyConsumerIdsChanged: a oneway request to each member, in the serialization of its
    /// heartbeat; the member then rebalances at once instead of at its next 20 s round.</summary>
    private void NotifyConsumerIdsChanged(string group, IReadOnlyList<ClientChannelInfo> members)
    {
        ConsumeLog.ConsumerIdsChanged(_logger, group, members.Count);
        foreach (var member in members)
        {
            var request = RemotingCommand.CreateRequest(RequestCode.NotifyConsumerIdsChanged,
                new ConsumerGroupHeader { ConsumerGroup = group });
            request.SerializeType = member.SerializeType;
            try
            {
                _ = member.Channel.InvokeOnewayAsync(request);
            }
            catch (RemotingConnectionException e)
            {
                ConsumeLog.NotifyFailed(_logger, group, member.Channel.RemoteAddress, e.Message);
            }
        }
    }

    /// <summary>Java's ClientHousekeepingService round: clients silent for 120 s are dropped and their channels
    /// closed.</summary>
    private void ScanClients()
    {
        try
        {
            var expiredBefore = _context.Time.GetUtcNow().ToUnixTimeMilliseconds() - _options.ChannelExpiredTimeoutMs;
            var dropped = Consumers.ScanNotActive(expiredBefore).Concat(Producers.ScanNotActive(expiredBefore));
            foreach (var client in dropped)
            {
                ConsumeLog.ClientExpired(_logger, client.ToString(), _options.ChannelExpiredTimeoutMs);
                client.Channel.Close($"no heartbeat for {_options.ChannelExpiredTimeoutMs} ms");
            }
        }
#pragma warning disable CA1031 // A timer callback must not throw; the next round tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ConsumeLog.HousekeepingFailed(_logger, e);
        }
    }
}
