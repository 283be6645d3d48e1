using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using RocketMQ.DLedger.Transport;
using static RocketMQ.DLedger.Tests.Transport.TransportTestKit;

namespace RocketMQ.DLedger.Tests.Transport;

/// <summary>The hub's connection semantics, driven through the factories DotNext would use.</summary>
public class InMemoryRaftNetworkTests
{
    private readonly InMemoryRaftNetwork _hub = new();

    [Fact]
    public async Task Connect_accept_and_echo_bytes_both_ways()
    {
        await using var listener = await BindAsync(_hub, 2);

        var (client, server) = await ConnectAsync(_hub, 1, 2, listener);
        await SendAsync(client, "ping");
        Assert.Equal("ping", await ReceiveAsync(server, 4));
        await SendAsync(server, "pong!");

        Assert.Equal("pong!", await ReceiveAsync(client, 5));
        Assert.Equal(Node(1), client.LocalEndPoint);
        Assert.Equal(Node(2), client.RemoteEndPoint);
        Assert.Equal(Node(2), server.LocalEndPoint);
        Assert.Equal(Node(1), server.RemoteEndPoint);
        Assert.NotEqual(client.ConnectionId, server.ConnectionId);
        Assert.NotNull(client.Features);
        Assert.NotNull(server.Items);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Closing_one_side_aborts_the_connection_for_both(bool dispose)
    {
        await using var listener = await BindAsync(_hub, 2);
        var (client, server) = await ConnectAsync(_hub, 1, 2, listener);
        var pendingRead = server.Transport.Input.ReadAsync().AsTask();

        if (dispose)
        {
            await client.DisposeAsync();
        }
        else
        {
            client.Abort();
        }

        await Assert.ThrowsAsync<ConnectionAbortedException>(() => pendingRead.WaitAsync(Deadline));
        await AssertAbortedAsync(server);
        await AssertAbortedAsync(client);
        await Assert.ThrowsAsync<ConnectionAbortedException>(() => SendAsync(server, "late"));
    }

    [Fact]
    public async Task Connect_to_an_unbound_endpoint_is_refused()
    {
        var connect = _hub.CreateConnectionFactory(Node(1)).ConnectAsync(Node(2)).AsTask();

        var error = await Assert.ThrowsAsync<SocketException>(() => connect.WaitAsync(Deadline));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact]
    public async Task Binding_a_bound_endpoint_throws()
    {
        await using var listener = await BindAsync(_hub, 2);

        await Assert.ThrowsAsync<AddressInUseException>(() => BindAsync(_hub, 2));
    }

    [Fact]
    public async Task Unbind_aborts_accepted_connections_and_refuses_new_ones()
    {
        var listener = await BindAsync(_hub, 2);
        var (client, server) = await ConnectAsync(_hub, 1, 2, listener);
        var pendingRead = client.Transport.Input.ReadAsync().AsTask();

        await listener.UnbindAsync();

        await Assert.ThrowsAsync<ConnectionAbortedException>(() => pendingRead.WaitAsync(Deadline));
        await AssertAbortedAsync(server);
        Assert.Null(await listener.AcceptAsync().AsTask().WaitAsync(Deadline));
        await Assert.ThrowsAsync<SocketException>(
            () => _hub.CreateConnectionFactory(Node(1)).ConnectAsync(Node(2)).AsTask().WaitAsync(Deadline));
        await listener.DisposeAsync();
        await using var rebound = await BindAsync(_hub, 2);
    }

    [Fact]
    public async Task Pending_accept_returns_null_when_the_listener_is_disposed()
    {
        var listener = await BindAsync(_hub, 2);
        var accept = listener.AcceptAsync().AsTask();
        Assert.False(accept.IsCompleted);

        await listener.DisposeAsync();

        Assert.Null(await accept.WaitAsync(Deadline));
    }

    [Fact]
    public async Task Isolate_aborts_live_connections_and_new_connects_hang_until_cancelled()
    {
        await using var listener2 = await BindAsync(_hub, 2);
        await using var listener3 = await BindAsync(_hub, 3);
        var (toTwo, atTwo) = await ConnectAsync(_hub, 1, 2, listener2);
        var (fromThree, _) = await ConnectAsync(_hub, 3, 2, listener2);
        var pendingRead = toTwo.Transport.Input.ReadAsync().AsTask();

        _hub.Isolate(Node(2));

        await Assert.ThrowsAsync<ConnectionAbortedException>(() => pendingRead.WaitAsync(Deadline));
        await AssertAbortedAsync(atTwo);
        await AssertAbortedAsync(fromThree);
        await AssertConnectHangsUntilCancelledAsync(_hub, 1, 2);
        await AssertConnectHangsUntilCancelledAsync(_hub, 2, 3);
        Assert.False(_hub.CanDeliver(Node(2), Node(1)));
        Assert.False(_hub.CanDeliver(Node(3), Node(2)));
        Assert.True(_hub.CanDeliver(Node(1), Node(3)));
        Assert.True(_hub.CanDeliver(Node(2), Node(2)));
        var (oneToThree, atThree) = await ConnectAsync(_hub, 1, 3, listener3);
        await SendAsync(oneToThree, "ok");
        Assert.Equal("ok", await ReceiveAsync(atThree, 2));
    }

    [Fact]
    public async Task Isolation_covers_nodes_that_appear_later()
    {
        _hub.Isolate(Node(1));

        await using var listener = await BindAsync(_hub, 4);

        Assert.False(_hub.CanDeliver(Node(4), Node(1)));
        await AssertConnectHangsUntilCancelledAsync(_hub, 1, 4);
    }

    [Fact]
    public async Task Heal_after_isolate_restores_connections()
    {
        await using var listener = await BindAsync(_hub, 2);
        _hub.Isolate(Node(2));

        _hub.Heal(Node(1), Node(2));

        Assert.True(_hub.CanDeliver(Node(1), Node(2)));
        Assert.True(_hub.CanDeliver(Node(2), Node(1)));
        Assert.False(_hub.CanDeliver(Node(2), Node(3)), "healing one pair must keep node 2 isolated from others");
        var (client, server) = await ConnectAsync(_hub, 1, 2, listener);
        await SendAsync(client, "back");
        Assert.Equal("back", await ReceiveAsync(server, 4));
        await SendAsync(server, "hi");
        Assert.Equal("hi", await ReceiveAsync(client, 2));
    }

    [Fact]
    public async Task Partition_cuts_across_the_sides_only()
    {
        await using var listener2 = await BindAsync(_hub, 2);
        await using var listener3 = await BindAsync(_hub, 3);
        var (oneToThree, _) = await ConnectAsync(_hub, 1, 3, listener3);

        _hub.Partition([Node(1), Node(2)], [Node(3)]);

        await AssertAbortedAsync(oneToThree);
        await AssertConnectHangsUntilCancelledAsync(_hub, 1, 3);
        await AssertConnectHangsUntilCancelledAsync(_hub, 3, 2);
        var (oneToTwo, atTwo) = await ConnectAsync(_hub, 1, 2, listener2);
        await SendAsync(oneToTwo, "same side");
        Assert.Equal("same side", await ReceiveAsync(atTwo, 9));
        _hub.HealAll();
        var (healed, atThree) = await ConnectAsync(_hub, 1, 3, listener3);
        await SendAsync(healed, "x");
        Assert.Equal("x", await ReceiveAsync(atThree, 1));
    }
}
