using Microsoft.Extensions.Hosting;

namespace RocketMQ.NameServer.Hosting;

/// <summary>Runs a <see cref="NameServerController"/> for the lifetime of the generic host.</summary>
internal sealed class NameServerHostedService(NameServerController controller) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => controller.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => controller.StopAsync();
}
