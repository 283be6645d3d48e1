using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Tests;

/// <summary>Encode-then-decode is the identity for both header serializations and for whole frames.
/// FsCheck prints the replay seed of any failure; rerun with <c>[Property(Replay = "...")]</c>.</summary>
public class CodecRoundTripProperties
{
    private const int MaxFrameBytes = 16 * 1024 * 1024;
    private const int MaxHeaderBytes = 8 * 1024 * 1024;

    [Property(MaxTest = 300)]
    public Property Json_frames_round_trip() => RoundTrips(SerializeType.Json);

    [Property(MaxTest = 300)]
    public Property RocketMq_frames_round_trip() => RoundTrips(SerializeType.RocketMq);

    [Property(MaxTest = 100)]
    public Property Many_frames_in_one_buffer_decode_in_order()
    {
        var commands = Gen.OneOf(CommandGenerators.Command(SerializeType.Json),
                CommandGenerators.Command(SerializeType.RocketMq))
            .ListOf()
            .Select(list => list.Take(8).ToArray());
        return Prop.ForAll(commands.ToArbitrary(), batch =>
        {
            var writer = new ArrayBufferWriter<byte>();
            foreach (var command in batch)
            {
                RemotingCommandCodec.Encode(command, writer);
            }

            var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
            var decoded = new List<RemotingCommand>();
            while (RemotingFrameReader.TryReadFrame(ref buffer, MaxFrameBytes, MaxHeaderBytes, out var frame))
            {
                decoded.Add(RemotingCommandCodec.Decode(frame));
            }

            return buffer.IsEmpty && decoded.Count == batch.Length &&
                batch.Zip(decoded).All(pair => CommandAssert.SameOnWire(pair.First, pair.Second));
        });
    }

    private static Property RoundTrips(SerializeType serializeType) =>
        Prop.ForAll(CommandGenerators.Command(serializeType).ToArbitrary(), command =>
        {
            var bytes = RemotingCommandCodec.EncodeToArray(command);
            var buffer = new ReadOnlySequence<byte>(bytes);
            var complete = RemotingFrameReader.TryReadFrame(ref buffer, MaxFrameBytes, MaxHeaderBytes, out var frame);
            var decoded = RemotingCommandCodec.Decode(frame);
            return complete && buffer.IsEmpty && frame.SerializeType == serializeType &&
                CommandAssert.SameOnWire(command, decoded);
        });
}
