using Microsoft.Extensions.Logging;
using RocketMQ.Common.Replication;
using RocketMQ.Store;

namespace RocketMQ.Broker;

/// <summary>
/// What processors and broker services share: the options, the store, the replicated log (for the role), the clock
/// and logging. Services (topics, clients, long polling, offsets, …) register themselves here so processors in
/// different folders find each other without the controller knowing their internals.
/// </summary>
/// <remarks>Built once by <see cref="BrokerController"/>; immutable afterwards except for the service registry,
/// which is filled before the server starts. Thread-safe for readers.</remarks>
public sealed class BrokerContext
{
    private readonly Dictionary<Type, object> _services = [];

    public BrokerContext(BrokerOptions options, MessageStore store, IReplicatedLog log, TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        Options = options;
        Store = store;
        Log = log;
        Time = time;
        LoggerFactory = loggerFactory;
    }

    public BrokerOptions Options { get; }

    public MessageStore Store { get; }

    /// <summary>The group's replicated log: its <see cref="IReplicatedLog.State"/> says whether this broker leads.</summary>
    public IReplicatedLog Log { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Whether this broker is its group's leader (brokerId 0): only the leader takes writes.</summary>
    public bool IsLeader => Log.State.IsLeader;

    /// <summary>The broker id the name server knows this broker by right now (0 leader, else position + 1).</summary>
    public long CurrentBrokerId => IsLeader ? 0 : Options.SelfPosition + 1;

    /// <summary>Registers a shared service (before the server starts).</summary>
    public void Add<TService>(TService service)
        where TService : class => _services[typeof(TService)] = service;

    /// <summary>A registered service.</summary>
    /// <exception cref="InvalidOperationException">Nothing of that type was registered.</exception>
    public TService Get<TService>()
        where TService : class =>
        _services.TryGetValue(typeof(TService), out var service)
            ? (TService)service
            : throw new InvalidOperationException($"no {typeof(TService).Name} registered with the broker");

    /// <summary>A registered service, or null.</summary>
    public TService? Find<TService>()
        where TService : class => _services.TryGetValue(typeof(TService), out var service) ? (TService)service : null;
}
