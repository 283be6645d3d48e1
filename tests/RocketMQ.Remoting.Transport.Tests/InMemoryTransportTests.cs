using Microsoft.Extensions.Logging;
using RocketMQ.Remoting.Dispatch;

namespace RocketMQ.Remoting.Transport.Tests;

/// <summary>The transport contract over in-process pipes.</summary>
public sealed class InMemoryTransportTests : TransportContractTests
{
    protected override Task<(IRemotingChannel Client, IRemotingChannel Server)> ConnectAsync(
        RequestDispatcher serverDispatcher, RequestDispatcher clientDispatcher, RemotingOptions options,
        TimeProvider time, IChannelEventListener listener, ILoggerFactory loggerFactory) =>
        Task.FromResult(InMemoryRemoting.CreatePair(
            serverDispatcher, clientDispatcher, options, loggerFactory, time, listener));

    protected override async Task DisconnectAsync()
    {
        Client.Close("test done");
        await Server.WhenClosedAsync().WaitAsync(Deadline);
    }
}
