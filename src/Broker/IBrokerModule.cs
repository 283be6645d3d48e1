using RocketMQ.Remoting.Dispatch;

namespace RocketMQ.Broker;

/// <summary>
/// One area of the broker (sending, consuming, admin, name-server registration, …): it adds its services to the
/// context, registers its request processors, and runs background work while the broker runs.
/// </summary>
/// <remarks>
/// Order: every module's <see cref="Register"/> runs before any <see cref="StartAsync"/> (so modules can find each
/// other's services in <see cref="StartAsync"/>); <see cref="StopAsync"/> runs in reverse order. A module that
/// implements <see cref="Remoting.IChannelEventListener"/> is told about client connections.
/// </remarks>
public interface IBrokerModule
{
    /// <summary>Adds services to <paramref name="context"/> and processors to <paramref name="dispatcher"/>.</summary>
    void Register(BrokerContext context, RequestDispatcher dispatcher);

    /// <summary>Starts background work (the server is about to accept connections).</summary>
    Task StartAsync(CancellationToken token);

    /// <summary>Stops background work; called before the log and the store stop.</summary>
    Task StopAsync();
}
