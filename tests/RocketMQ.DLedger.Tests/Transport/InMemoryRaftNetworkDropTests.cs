using RocketMQ.DLedger.Transport;
using static RocketMQ.DLedger.Tests.Transport.TransportTestKit;

namespace RocketMQ.DLedger.Tests.Transport;

/// <summary>One-way drops: node 1 → node 2 is lost, node 2 → node 1 is delivered.</summary>
public class InMemoryRaftNetworkDropTests
{
    private readonly InMemoryRaftNetwork _hub = new();

    [Fact]
    public async Task Dropping_a_direction_aborts_live_connections_both_ways()
    {
        await using var listener1 = await BindAsync(_hub, 1);
        await using var listener2 = await BindAsync(_hub, 2);
        var (oneToTwo, atTwo) = await ConnectAsync(_hub, 1, 2, listener2);
        var (twoToOne, atOne) = await ConnectAsync(_hub, 2, 1, listener1);

        _hub.DropOneWay(Node(1), Node(2));

        await AssertAbortedAsync(oneToTwo);
        await AssertAbortedAsync(atTwo);
        await AssertAbortedAsync(twoToOne);
        await AssertAbortedAsync(atOne);
        Assert.False(_hub.CanDeliver(Node(1), Node(2)));
        Assert.True(_hub.CanDeliver(Node(2), Node(1)));
    }

    [Fact]
    public async Task Request_reaches_the_dropping_node_but_its_reply_never_arrives()
    {
        await using var listener1 = await BindAsync(_hub, 1);
        _hub.DropOneWay(Node(1), Node(2));

        var (twoToOne, atOne) = await ConnectAsync(_hub, 2, 1, listener1);
        await SendAsync(twoToOne, "vote?");
        Assert.Equal("vote?", await ReceiveAsync(atOne, 5));
        await SendAsync(atOne, "granted");

        Assert.False(HasBufferedBytes(twoToOne), "a reply crossed a dropped direction");
        Assert.False(twoToOne.ConnectionClosed.IsCancellationRequested);
        await SendAsync(twoToOne, "again");
        Assert.Equal("again", await ReceiveAsync(atOne, 5));
    }

    [Fact]
    public async Task Connects_from_the_dropping_node_hang_until_cancelled()
    {
        await using var listener2 = await BindAsync(_hub, 2);
        _hub.DropOneWay(Node(1), Node(2));

        await AssertConnectHangsUntilCancelledAsync(_hub, 1, 2);
    }

    [Fact]
    public async Task Heal_after_a_drop_aborts_the_half_dead_connection_and_new_ones_work()
    {
        await using var listener1 = await BindAsync(_hub, 1);
        await using var listener2 = await BindAsync(_hub, 2);
        _hub.DropOneWay(Node(1), Node(2));
        var (halfDead, atOne) = await ConnectAsync(_hub, 2, 1, listener1);
        var pendingReply = halfDead.Transport.Input.ReadAsync().AsTask();

        _hub.Heal(Node(2), Node(1));

        await Assert.ThrowsAsync<Microsoft.AspNetCore.Connections.ConnectionAbortedException>(
            () => pendingReply.WaitAsync(Deadline));
        await AssertAbortedAsync(atOne);
        var (twoToOne, atOneAgain) = await ConnectAsync(_hub, 2, 1, listener1);
        await SendAsync(twoToOne, "vote?");
        Assert.Equal("vote?", await ReceiveAsync(atOneAgain, 5));
        await SendAsync(atOneAgain, "granted");
        Assert.Equal("granted", await ReceiveAsync(twoToOne, 7));
        var (oneToTwo, atTwo) = await ConnectAsync(_hub, 1, 2, listener2);
        await SendAsync(oneToTwo, "append");
        Assert.Equal("append", await ReceiveAsync(atTwo, 6));
    }

    [Fact]
    public async Task Heal_all_aborts_half_dead_connections_but_not_healthy_ones()
    {
        await using var listener1 = await BindAsync(_hub, 1);
        await using var listener3 = await BindAsync(_hub, 3);
        var (healthy, atThree) = await ConnectAsync(_hub, 1, 3, listener3);
        _hub.DropOneWay(Node(1), Node(2));
        var (halfDead, _) = await ConnectAsync(_hub, 2, 1, listener1);

        _hub.HealAll();

        await AssertAbortedAsync(halfDead);
        Assert.False(healthy.ConnectionClosed.IsCancellationRequested);
        await SendAsync(healthy, "still here");
        Assert.Equal("still here", await ReceiveAsync(atThree, 10));
        Assert.True(_hub.CanDeliver(Node(1), Node(2)));
    }
}
