using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using RocketMQ.DLedger.Transport;

namespace RocketMQ.DLedger.Tests.Transport;

/// <summary>Endpoints, deadlines and byte helpers shared by the in-memory transport tests.</summary>
internal static class TransportTestKit
{
    /// <summary>How long a test waits for something that must happen; generous, never slept.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Node <paramref name="n"/>'s endpoint; a fresh instance each call (endpoints compare by value).
    /// Nothing listens on these ports: the traffic never leaves the process.</summary>
    public static EndPoint Node(int n) => new IPEndPoint(IPAddress.Loopback, 30000 + n);

    /// <summary>Binds <paramref name="node"/>'s listener on <paramref name="hub"/>.</summary>
    public static async Task<IConnectionListener> BindAsync(InMemoryRaftNetwork hub, int node) =>
        await hub.CreateListenerFactory(Node(node)).BindAsync(Node(node));

    /// <summary>Connects node <paramref name="from"/> to the listener of node <paramref name="to"/> and accepts
    /// the connection there.</summary>
    public static async Task<(ConnectionContext Client, ConnectionContext Server)> ConnectAsync(
        InMemoryRaftNetwork hub,
        int from,
        int to,
        IConnectionListener listener)
    {
        var client = await hub.CreateConnectionFactory(Node(from)).ConnectAsync(Node(to)).AsTask().WaitAsync(Deadline);
        var server = await listener.AcceptAsync().AsTask().WaitAsync(Deadline);
        Assert.NotNull(server);
        return (client, server);
    }

    /// <summary>Writes and flushes <paramref name="text"/> as UTF-8.</summary>
    public static async Task SendAsync(ConnectionContext side, string text) =>
        await side.Transport.Output.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask().WaitAsync(Deadline);

    /// <summary>Reads exactly <paramref name="length"/> bytes (as UTF-8 text), failing after the deadline.</summary>
    public static async Task<string> ReceiveAsync(ConnectionContext side, int length)
    {
        var input = side.Transport.Input;
        var result = await input.ReadAtLeastAsync(length).AsTask().WaitAsync(Deadline);
        var bytes = result.Buffer.Slice(0, length);
        var text = Encoding.UTF8.GetString(bytes);
        input.AdvanceTo(bytes.End);
        return text;
    }

    /// <summary>Whether any byte is buffered for <paramref name="side"/> right now (the hub delivers
    /// synchronously: once a flush returns, the bytes are either readable or gone).</summary>
    public static bool HasBufferedBytes(ConnectionContext side)
    {
        var input = side.Transport.Input;
        if (!input.TryRead(out var result))
        {
            return false;
        }

        var any = !result.Buffer.IsEmpty;
        input.AdvanceTo(result.Buffer.Start);
        return any;
    }

    /// <summary>Asserts that <paramref name="side"/>'s connection was aborted: its token fired and a read
    /// throws.</summary>
    public static async Task AssertAbortedAsync(ConnectionContext side)
    {
        Assert.True(side.ConnectionClosed.IsCancellationRequested, $"{side.ConnectionId} is still open");
        await Assert.ThrowsAsync<ConnectionAbortedException>(
            () => side.Transport.Input.ReadAsync().AsTask().WaitAsync(Deadline));
    }

    /// <summary>Starts a connect that must not complete, checks it is pending, cancels it and checks that it
    /// ends with <see cref="OperationCanceledException"/>.</summary>
    public static async Task AssertConnectHangsUntilCancelledAsync(InMemoryRaftNetwork hub, int from, int to)
    {
        using var cancel = new CancellationTokenSource();
        var connect = hub.CreateConnectionFactory(Node(from)).ConnectAsync(Node(to), cancel.Token).AsTask();
        Assert.False(connect.IsCompleted, $"connect {from} -> {to} completed through a cut link");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.WaitAsync(Deadline));
    }
}
