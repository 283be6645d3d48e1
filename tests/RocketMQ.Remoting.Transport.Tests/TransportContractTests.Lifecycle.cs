using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport.Tests;

/// <summary>Closing and idling: what both sides see when a connection ends.</summary>
public abstract partial class TransportContractTests
{
    [Fact]
    public async Task Closing_the_server_side_fails_pending_requests_and_reports_the_close_once()
    {
        var call = Client.InvokeAsync(RemotingCommand.CreateRequest(GateCode), Deadline);
        await _gate.TakeAsync(1, Deadline);

        Server.Close("test closes the server side");

        await Assert.ThrowsAsync<RemotingConnectionException>(() => call.WaitAsync(Deadline));
        Assert.Same(Server, await ServerListener.ClosedChannel.WaitAsync(Deadline));
        await Client.WhenClosedAsync().WaitAsync(Deadline);
        Assert.False(Client.IsActive);
        await Assert.ThrowsAsync<RemotingConnectionException>(
            () => Client.InvokeAsync(RemotingCommand.CreateRequest(EchoCode), Deadline));
        await Assert.ThrowsAsync<RemotingConnectionException>(
            () => Client.InvokeOnewayAsync(RemotingCommand.CreateRequest(EchoCode)).AsTask());
        Server.Close("closed again");
        Client.Close("closed again");
        Assert.Equal(1, ServerListener.ClosedCount);
    }

    [Fact]
    public async Task Closing_the_client_side_fails_server_initiated_requests_and_reports_the_close_once()
    {
        var call = Server.InvokeAsync(RemotingCommand.CreateRequest(GateCode), Deadline);
        await _clientGate.TakeAsync(1, Deadline);

        Client.Close("test closes the client side");

        await Assert.ThrowsAsync<RemotingConnectionException>(() => call.WaitAsync(Deadline));
        Assert.Same(Server, await ServerListener.ClosedChannel.WaitAsync(Deadline));
        Assert.False(Server.IsActive);
        Assert.True(Server.Closed.IsCancellationRequested);
        Assert.Equal(1, ServerListener.ClosedCount);
    }

    [Fact]
    public async Task Idle_server_connection_is_closed_after_the_max_idle_time()
    {
        Time.Advance(TimeSpan.FromSeconds(119));
        Assert.True(Server.IsActive);

        Time.Advance(TimeSpan.FromSeconds(1));

        await ServerListener.ClosedChannel.WaitAsync(Deadline);
        Assert.False(Server.IsActive);
        await Client.WhenClosedAsync().WaitAsync(Deadline);
    }

    [Fact]
    public async Task Received_bytes_postpone_the_idle_close()
    {
        Time.Advance(TimeSpan.FromSeconds(100));
        var echo = await Client.InvokeAsync(RemotingCommand.CreateRequest(EchoCode), Deadline);
        Assert.Equal(ResponseCode.Success, echo.Code);

        Time.Advance(TimeSpan.FromSeconds(119));
        Assert.True(Server.IsActive, "closed although a request arrived 119 s ago");
        Time.Advance(TimeSpan.FromSeconds(1));

        await ServerListener.ClosedChannel.WaitAsync(Deadline);
        Assert.False(Server.IsActive);
    }
}
