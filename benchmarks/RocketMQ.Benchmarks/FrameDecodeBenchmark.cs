using System.Buffers;
using BenchmarkDotNet.Attributes;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Benchmarks;

/// <summary>
/// Frame decoding as a connection's read loop does it, over a buffer of realistic SEND_MESSAGE_V2 frames
/// (the one-letter ext fields ali-ons and Java send, 1 KiB bodies). Results are per frame
/// (OperationsPerInvoke): framing alone must allocate 0 B; full decode allocates the command, its ext-field
/// strings and one body array.
/// </summary>
[MemoryDiagnoser]
public class FrameDecodeBenchmark
{
    public const int FramesPerBuffer = 1_000;
    private const int MaxFrame = 16 * 1024 * 1024;
    private const int MaxHeader = 1024 * 1024;

    private byte[] _buffer = [];
    private RemotingCommand _command = null!;
    private ArrayBufferWriter<byte> _output = null!;

    [Params(SerializeType.Json, SerializeType.RocketMq)]
    public SerializeType Serialization { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _command = SendMessageV2(Serialization);
        var writer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < FramesPerBuffer; i++)
        {
            RemotingCommandCodec.Encode(_command, writer);
        }

        _buffer = writer.WrittenSpan.ToArray();
        _output = new ArrayBufferWriter<byte>(_buffer.Length + 1024);
    }

    /// <summary>Slicing frames out of the receive buffer: what the read loop does before dispatch.</summary>
    [Benchmark(OperationsPerInvoke = FramesPerBuffer)]
    public int FramingOnly()
    {
        var buffer = new ReadOnlySequence<byte>(_buffer);
        var frames = 0;
        while (RemotingFrameReader.TryReadFrame(ref buffer, MaxFrame, MaxHeader, out _))
        {
            frames++;
        }

        return frames;
    }

    /// <summary>Framing plus header decode plus body copy: a full RemotingCommand per frame.</summary>
    [Benchmark(OperationsPerInvoke = FramesPerBuffer)]
    public int DecodeCommands()
    {
        var buffer = new ReadOnlySequence<byte>(_buffer);
        var total = 0;
        while (RemotingFrameReader.TryReadFrame(ref buffer, MaxFrame, MaxHeader, out var frame))
        {
            total += RemotingCommandCodec.Decode(frame).Body.Length;
        }

        return total;
    }

    /// <summary>Encoding into a reused buffer, as the write loop does into the PipeWriter.</summary>
    [Benchmark(OperationsPerInvoke = FramesPerBuffer)]
    public int EncodeCommands()
    {
        _output.ResetWrittenCount();
        for (var i = 0; i < FramesPerBuffer; i++)
        {
            RemotingCommandCodec.Encode(_command, _output);
        }

        return _output.WrittenCount;
    }

    /// <summary>A send as ali-ons/Java issue it (SendMessageRequestHeaderV2 keys).</summary>
    public static RemotingCommand SendMessageV2(SerializeType serializeType)
    {
        var command = RemotingCommand.CreateRequest(RequestCode.SendMessageV2);
        command.SerializeType = serializeType;
        command.Language = LanguageCode.Java;
        command.ExtFields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["a"] = "PID_benchmark",
            ["b"] = "BenchmarkTopic",
            ["c"] = "TBW102",
            ["d"] = "4",
            ["e"] = "3",
            ["f"] = "0",
            ["g"] = "1732450000000",
            ["h"] = "0",
            ["i"] = "TAGS\u0001TagA\u0002KEYS\u0001order-12345\u0002UNIQ_KEY\u00017F0000010A2B18B4AAC2123456780000" +
                "\u0002WAIT\u0001true\u0002",
            ["j"] = "0",
            ["k"] = "false",
            ["m"] = "false",
            ["n"] = "broker-a",
        };
        var body = new byte[1024];
        new Random(42).NextBytes(body);
        command.Body = body;
        return command;
    }
}
