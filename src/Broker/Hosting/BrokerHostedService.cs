using Microsoft.Extensions.Hosting;

namespace RocketMQ.Broker.Hosting;

/// <summary>Runs a <see cref="BrokerController"/> for the lifetime of the generic host.</summary>
internal sealed class BrokerHostedService(BrokerController controller) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => controller.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => controller.StopAsync();
}
