using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Remoting.Dispatch;

namespace RocketMQ.Remoting.Transport.Tests;

/// <summary>The transport contract over in-process pipes.</summary>
public sealed class InMemoryTransportTests : TransportContractTests
{
    protected override Task<(IRemotingChannel Client, IRemotingChannel Server)> ConnectAsync(
        RequestDispatcher serverDispatcher, RequestDispatcher clientDispatcher, RemotingOptions options,
        TimeProvider time, IChannelEventListener listener) =>
        Task.FromResult(InMemoryRemoting.CreatePair(
            serverDispatcher, clientDispatcher, options, NullLoggerFactory.Instance, time, listener));

    public override Task DisposeAsync()
    {
        Client.Close("test done");
        return Task.CompletedTask;
    }
}
