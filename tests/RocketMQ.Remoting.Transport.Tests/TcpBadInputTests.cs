using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Dispatch;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Transport.Tests;

/// <summary>A misbehaving peer over real TCP loses only its own connection; other clients keep being served.</summary>
public sealed class TcpBadInputTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly TcpRemotingServer _server;
    private readonly TcpRemotingClient _goodClient;
    private readonly RecordingLoggerFactory _logs = new();
    private string _address = "";

    public TcpBadInputTests()
    {
        var options = new RemotingOptions { MaxFrameBytes = 64 * 1024, MaxHeaderBytes = 8 * 1024 };
        _server = new TcpRemotingServer(new IPEndPoint(IPAddress.Loopback, 0), options,
            new RequestDispatcher().Register(1, new EchoProcessor()), null, _logs, TimeProvider.System);
        _goodClient = new TcpRemotingClient(new RemotingOptions(), null, NullLoggerFactory.Instance,
            TimeProvider.System);
    }

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _address = $"127.0.0.1:{_server.LocalEndPoint!.Port}";
        await AssertGoodClientServedAsync();
    }

    public async Task DisposeAsync()
    {
        await _goodClient.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>Each bad stream, and a word the logged reason must contain.</summary>
    public static TheoryData<string, byte[], string> BadStreams() => new()
    {
        { "garbage", Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "exceeds" },
        { "oversize frame", Word(64 * 1024 + 1), "exceeds" },
        { "negative length", Word(-5), "negative" },
        { "length below 4", Word(3), "shorter" },
        { "unknown serialization", [.. Word(20), .. Word(7 << 24 | 2), .. "{}"u8], "serializ" },
        { "bad JSON", [.. Word(4 + 9), .. Word(9), .. "{\"code\":}"u8], "JSON" },
        { "header over the limit", [.. Word(10_000), .. Word(9_000)], "header" },
    };

    [Theory]
    [MemberData(nameof(BadStreams))]
    public async Task Bad_stream_closes_only_its_own_connection(string name, byte[] bytes, string reason)
    {
        using var bad = await ConnectRawAsync();

        await bad.SendAsync(bytes);

        Assert.True(await ClosedByServerAsync(bad), $"{name}: server kept the connection open");
        var logged = await _logs.WaitForAsync(LogEvents.ProtocolError).WaitAsync(Deadline);
        Assert.Contains(reason, logged.Message, StringComparison.OrdinalIgnoreCase);
        await AssertGoodClientServedAsync();
    }

    [Fact]
    public async Task Truncated_frame_then_close_does_not_disturb_other_clients()
    {
        using var bad = await ConnectRawAsync();
        var frame = RemotingCommandCodec.EncodeToArray(RemotingCommand.CreateRequest(1));

        await bad.SendAsync(frame.AsMemory(0, frame.Length / 2));
        bad.Shutdown(SocketShutdown.Send);

        Assert.True(await ClosedByServerAsync(bad));
        var logged = await _logs.WaitForAsync(LogEvents.TruncatedFrame).WaitAsync(Deadline);
        Assert.Contains($"{frame.Length / 2} bytes", logged.Message, StringComparison.Ordinal);
        await AssertGoodClientServedAsync();
    }

    [Fact]
    public async Task Slow_client_sending_a_byte_a_second_does_not_hold_up_others()
    {
        using var slow = await ConnectRawAsync();
        var request = RemotingCommand.CreateRequest(1);
        var frame = RemotingCommandCodec.EncodeToArray(request);

        // Three bytes, one a second (the slow client's pace is the point, not a wait for a result) ...
        var dribble = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await slow.SendAsync(frame.AsMemory(i, 1));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        });

        // ... while another client completes 200 requests, well before the dribble ends.
        var others = Enumerable.Range(0, 200).Select(_ =>
            _goodClient.InvokeAsync(_address, RemotingCommand.CreateRequest(1), Deadline));
        await Task.WhenAll(others).WaitAsync(TimeSpan.FromSeconds(2));
        Assert.False(dribble.IsCompleted);
        await dribble.WaitAsync(Deadline);

        // The slow frame, once complete, is answered normally.
        await slow.SendAsync(frame.AsMemory(3));
        var response = await ReadResponseAsync(slow);
        Assert.Equal(ResponseCode.Success, response.Code);
        Assert.Equal(request.Opaque, response.Opaque);
    }

    private async Task AssertGoodClientServedAsync()
    {
        var response = await _goodClient.InvokeAsync(_address, RemotingCommand.CreateRequest(1), Deadline);
        Assert.Equal(ResponseCode.Success, response.Code);
    }

    private async Task<Socket> ConnectRawAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _server.LocalEndPoint!.Port);
        return socket;
    }

    /// <summary>True when the server closed the connection (EOF or reset) within the deadline.</summary>
    private static async Task<bool> ClosedByServerAsync(Socket socket)
    {
        var buffer = new byte[1024];
        using var cancel = new CancellationTokenSource(Deadline);
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token) > 0)
            {
                // Discard anything the server wrote before closing.
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<RemotingCommand> ReadResponseAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(Deadline);
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            Assert.True(read > 0, "server closed the connection");
            received.AddRange(buffer.AsSpan(0, read));
            var sequence = new System.Buffers.ReadOnlySequence<byte>(received.ToArray());
            if (RemotingFrameReader.TryReadFrame(ref sequence, 1 << 24, 1 << 20, out var frame))
            {
                return RemotingCommandCodec.Decode(frame);
            }
        }
    }

    private static byte[] Word(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
