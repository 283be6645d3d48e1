using RocketMQ.Remoting.Dispatch;

namespace RocketMQ.Broker.Admin;

/// <summary>
/// The admin area (Java's AdminBrokerProcessor and QueryMessageProcessor, the codes admin tools use): topics,
/// subscription groups, broker config, runtime info, topic stats, message query and view, and (ours) the Raft
/// group's leadership transfer.
/// </summary>
/// <remarks>
/// Adds two services to the <see cref="BrokerContext"/>: <see cref="BrokerStats"/> (put/get counters; whoever serves
/// pulls calls <see cref="BrokerStats.RecordGet"/>) and <see cref="BrokerConfiguration"/> (the runtime-updatable
/// broker config with its <see cref="BrokerConfiguration.Updated"/> event).
/// </remarks>
public sealed class AdminModule : IBrokerModule
{
    private BrokerContext _context = null!;
    private BrokerStats _stats = null!;

    public void Register(BrokerContext context, RequestDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dispatcher);
        _context = context;
        _stats = new BrokerStats(context.Time);
        var configuration = new BrokerConfiguration(context.Options, context.Time);
        context.Add(_stats);
        context.Add(configuration);
        dispatcher.Register(new TopicAdminProcessor(context), TopicAdminProcessor.Codes);
        dispatcher.Register(new SubscriptionGroupAdminProcessor(context), SubscriptionGroupAdminProcessor.Codes);
        dispatcher.Register(new BrokerConfigProcessor(context, configuration), BrokerConfigProcessor.Codes);
        dispatcher.Register(new RuntimeInfoProcessor(context, _stats), RuntimeInfoProcessor.Codes);
        dispatcher.Register(new MessageQueryProcessor(context), MessageQueryProcessor.Codes);
        dispatcher.Register(new LeadershipTransferProcessor(context), LeadershipTransferProcessor.Codes);
    }

    public Task StartAsync(CancellationToken token)
    {
        // What the store already holds is not traffic of this run: learn the queue ends first, then count growth.
        var store = _context.Store;
        foreach (var topic in store.Config.Topics.Keys)
        {
            foreach (var (queueId, _, maxOffset) in store.QueuesOf(topic))
            {
                _stats.Baseline(topic, queueId, maxOffset);
            }
        }

        store.MessagesArrived += _stats.ObserveQueue;
        _stats.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        _context.Store.MessagesArrived -= _stats.ObserveQueue;
        _stats.Dispose();
        return Task.CompletedTask;
    }
}
