using System.Buffers;
using System.IO.Pipelines;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Tests;

/// <summary>TCP delivers frames in arbitrary chunks: every split of a multi-frame buffer must decode the
/// same.</summary>
public class SplitChunkTests
{
    private static readonly RemotingCommand[] Commands =
    [
        Command(SerializeType.Json, 10, "a", []),
        Command(SerializeType.RocketMq, 11, "中文😀", "body bytes"u8.ToArray()),
        Command(SerializeType.Json, 12, null, new byte[300]),
        Command(SerializeType.RocketMq, 13, "x", []),
    ];

    private static readonly byte[] Stream = Encode(Commands);

    [Fact]
    public void Every_two_segment_split_decodes_the_same_commands()
    {
        for (var split = 0; split <= Stream.Length; split++)
        {
            var sequence = Segments.Create(Stream[..split], Stream[split..]);
            AssertDecodes(DecodeAll(sequence), $"split at {split}");
        }
    }

    [Fact]
    public async Task Every_incremental_feed_split_decodes_the_same_commands()
    {
        for (var split = 1; split < Stream.Length; split++)
        {
            AssertDecodes(await FeedAsync([split, Stream.Length - split]), $"split at {split}");
        }
    }

    /// <summary>Seeded, so a failure names the seed and round that reproduce it.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(20261124)]
    [InlineData(424242)]
    public async Task Random_multi_way_splits_decode_the_same_commands(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 100; round++)
        {
            var chunks = new List<int>();
            for (var left = Stream.Length; left > 0;)
            {
                var size = Math.Min(left, random.Next(1, 40));
                chunks.Add(size);
                left -= size;
            }

            AssertDecodes(await FeedAsync(chunks), $"seed {seed}, round {round}, chunks {string.Join(',', chunks)}");
            AssertDecodes(DecodeAll(Segments.Create(Chop(chunks))), $"seed {seed}, round {round} (segments)");
        }
    }

    /// <summary>Feeds the stream through a real Pipe chunk by chunk, reading as a connection does.</summary>
    private static async Task<List<RemotingCommand>> FeedAsync(IEnumerable<int> chunkSizes)
    {
        var pipe = new Pipe();
        var decoded = new List<RemotingCommand>();
        var offset = 0;
        foreach (var size in chunkSizes)
        {
            await pipe.Writer.WriteAsync(Stream.AsMemory(offset, size));
            offset += size;
            Assert.True(pipe.Reader.TryRead(out var result));
            var buffer = result.Buffer;
            while (RemotingFrameReader.TryReadFrame(ref buffer, 1 << 24, 1 << 20, out var frame))
            {
                decoded.Add(RemotingCommandCodec.Decode(frame));
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }

        return decoded;
    }

    private static List<RemotingCommand> DecodeAll(ReadOnlySequence<byte> buffer)
    {
        var decoded = new List<RemotingCommand>();
        while (RemotingFrameReader.TryReadFrame(ref buffer, 1 << 24, 1 << 20, out var frame))
        {
            decoded.Add(RemotingCommandCodec.Decode(frame));
        }

        Assert.True(buffer.IsEmpty);
        return decoded;
    }

    private static void AssertDecodes(List<RemotingCommand> decoded, string context)
    {
        Assert.True(decoded.Count == Commands.Length, $"{context}: {decoded.Count} commands");
        for (var i = 0; i < Commands.Length; i++)
        {
            Assert.True(CommandAssert.SameOnWire(Commands[i], decoded[i]), $"{context}: command {i} differs");
        }
    }

    private static byte[][] Chop(List<int> sizes)
    {
        var parts = new byte[sizes.Count][];
        var offset = 0;
        for (var i = 0; i < sizes.Count; i++)
        {
            parts[i] = Stream[offset..(offset + sizes[i])];
            offset += sizes[i];
        }

        return parts;
    }

    private static byte[] Encode(RemotingCommand[] commands)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var command in commands)
        {
            RemotingCommandCodec.Encode(command, writer);
        }

        return writer.WrittenSpan.ToArray();
    }

    private static RemotingCommand Command(SerializeType type, int code, string? remark, byte[] body) => new()
    {
        Code = code,
        Opaque = code * 1000,
        Remark = remark,
        Body = body,
        SerializeType = type,
        ExtFields = new Dictionary<string, string> { ["topic"] = "TopicTest", ["queueId"] = code.ToString() },
    };
}
