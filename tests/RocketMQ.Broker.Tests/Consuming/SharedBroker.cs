namespace RocketMQ.Broker.Tests.Consuming;

/// <summary>One real broker shared by a test class (tests use unique topic and group names).</summary>
public sealed class SharedBroker : IAsyncLifetime
{
    internal TestBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await TestBroker.StartAsync();

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}
