using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Tests;

/// <summary>
/// Encode-then-decode gives what <see cref="CommandAssert.SameOnWire"/> says each serialization carries, for both
/// header serializations and for whole multi-frame buffers in any segmentation.
/// </summary>
/// <remarks>Seed policy: FsCheck draws a fresh seed per run and prints <c>Replay: (seed,gamma)</c> with the
/// shrunk counterexample when a property fails; paste it into <c>[Property(Replay = "(seed,gamma)")]</c> to rerun
/// exactly that case. MaxTest keeps the whole class to a few seconds (bodies up to 1 MiB are rare).</remarks>
public class CodecRoundTripProperties
{
    private const int MaxFrameBytes = 16 * 1024 * 1024;
    private const int MaxHeaderBytes = 8 * 1024 * 1024;

    [Property(MaxTest = 300)]
    public Property Json_frames_round_trip() => RoundTrips(SerializeType.Json);

    [Property(MaxTest = 300)]
    public Property RocketMq_frames_round_trip() => RoundTrips(SerializeType.RocketMq);

    [Property(MaxTest = 100)]
    public Property Many_frames_in_one_buffer_decode_in_order_from_any_segmentation()
    {
        var batches =
            from commands in Gen.OneOf(
                    CommandGenerators.Command(SerializeType.Json),
                    CommandGenerators.Command(SerializeType.RocketMq))
                .ListOf()
                .Select(list => list.Take(8).ToArray())
            from cuts in Gen.Choose(0, int.MaxValue).ListOf()
            select (commands, cuts);
        return Prop.ForAll(batches.ToArbitrary(), batch =>
        {
            var writer = new ArrayBufferWriter<byte>();
            foreach (var command in batch.commands)
            {
                RemotingCommandCodec.Encode(command, writer);
            }

            var buffer = Cut(writer.WrittenSpan.ToArray(), batch.cuts);
            var decoded = new List<RemotingCommand>();
            while (RemotingFrameReader.TryReadFrame(ref buffer, MaxFrameBytes, MaxHeaderBytes, out var frame))
            {
                decoded.Add(RemotingCommandCodec.Decode(frame));
            }

            return buffer.IsEmpty && decoded.Count == batch.commands.Length &&
                batch.commands.Zip(decoded).All(pair => CommandAssert.SameOnWire(pair.First, pair.Second));
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

    /// <summary>Splits <paramref name="bytes"/> into segments at the given (wrapped) positions.</summary>
    private static ReadOnlySequence<byte> Cut(byte[] bytes, IEnumerable<int> cuts)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var points = cuts.Select(c => c % bytes.Length).Append(0).Append(bytes.Length).Distinct().Order().ToArray();
        var parts = new byte[points.Length - 1][];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = bytes[points[i]..points[i + 1]];
        }

        return Segments.Create(parts);
    }
}
