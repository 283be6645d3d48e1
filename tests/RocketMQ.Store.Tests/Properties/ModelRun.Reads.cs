using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using RocketMQ.Common.Messages;
using RocketMQ.Store.Reading;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>Reads of <see cref="ModelRun"/>: gets, key queries, lookups by offset and by time.</summary>
internal sealed partial class ModelRun
{
    private async Task GetAsync(GetCommand command)
    {
        var (topic, queueId) = Target(command.Topic, command.QueueId, command.Pick / 1000);
        long min = _model.Min(topic, queueId), max = _model.Max(topic, queueId);
        var offset = command.Kind switch
        {
            OffsetKind.InRange => max > min ? min + (command.Pick % (max - min)) : min,
            OffsetKind.Min => min,
            OffsetKind.Max => max,
            OffsetKind.AboveMax => max + 1 + (command.Pick % 3),
            _ => min - 1 - (command.Pick % 3),
        };
        var codes = command.FilterTags?.Select(tag => TagsHash.Of(tag)).ToHashSet();
        using var result = await Store.GetMessagesAsync(topic, queueId, offset, command.MaxMessages,
            codes is null ? null : new TagsFilter(codes), command.MaxBytes, command.Correct);
        var expected = _model.Get(topic, queueId, offset, command.MaxMessages, codes, command.MaxBytes,
            command.Correct);
        var what = $"get {topic}/{queueId} at {offset}";
        Verify.Equal(expected.Status, result.Status, $"{what}: status");
        Verify.Equal(expected.NextBeginOffset, result.NextBeginOffset, $"{what}: next begin offset");
        Verify.Equal(expected.MinOffset, result.MinOffset, $"{what}: min offset");
        Verify.Equal(expected.MaxOffset, result.MaxOffset, $"{what}: max offset");
        Verify.That(!result.CorruptionDetected && !result.SuggestPullingFromFollower, $"{what}: flags");
        CheckMessages(expected.Messages, result, what);
        _coverage.Count(result.Status);
    }

    private async Task QueryAsync(QueryCommand command)
    {
        var around = _model.All.Count == 0 ? _harness.Clock.GetUtcNow().ToUnixTimeMilliseconds()
            : _model.All[command.Pick % _model.All.Count].StoreTimestamp;
        var (begin, end) = command.Window switch
        {
            WindowKind.All => (0, long.MaxValue),
            WindowKind.Around => (around - command.BeforeMs, around + command.AfterMs),
            _ => (around + command.AfterMs + 1, around - command.BeforeMs),
        };
        using var result = await Store.QueryMessageAsync(command.Topic, command.Key, command.MaxCount, begin, end);
        var expected = _model.Query(command.Topic, command.Key, command.MaxCount, begin, end);
        var what = $"query {command.Topic} '{command.Key}' in [{begin}, {end}]";
        Verify.That(!result.CorruptionDetected, $"{what}: corruption reported");
        CheckMessages(expected, result.Messages, what);
        _coverage.Count(expected.Count == 0 ? "query found none" : "query found some");
    }

    private async Task LookupAsync(LookupCommand command)
    {
        // Half the picks go to the four oldest messages: those are the ones retention removes.
        var count = _model.All.Count;
        var target = count == 0 ? null
            : _model.All[command.Pick % 2 == 0 ? command.Pick / 2 % Math.Min(count, 4) : command.Pick % count];
        var kind = target is null && command.Kind is LookupKind.Message or LookupKind.InsideMessage
            ? LookupKind.Zero : command.Kind;
        await LookupAtAsync(kind, target);
    }

    private async Task LookupAtAsync(LookupKind kind, ModelMessage? target)
    {
        var offset = kind switch
        {
            LookupKind.Message => target!.CommitLogOffset,
            LookupKind.InsideMessage => target!.CommitLogOffset + 1,
            LookupKind.BeyondLog => CommitLogOffset.From(_harness.Storage.LastIndex + 1, 100).Value,
            _ => 0,
        };
        var removed = target is not null && !_model.IsAlive(target);
        var expected = kind switch
        {
            LookupKind.Message when !removed => GetMessageStatus.Found,
            LookupKind.Message or LookupKind.InsideMessage when removed => GetMessageStatus.MessageWasRemoving,
            _ => GetMessageStatus.OffsetFoundNull,
        };
        using var result = await Store.LookMessageByOffsetAsync(offset);
        Verify.Equal(expected, result.Status, $"lookup {kind} at {offset}: status");
        CheckMessages(expected == GetMessageStatus.Found ? [target!] : [], result, $"lookup at {offset}");
        _coverage.Count($"lookup {result.Status}");
    }

    private async Task ByTimeAsync(ByTimeCommand command)
    {
        var (topic, queueId) = Target(command.Topic, command.QueueId, command.Pick / 1000);
        var messages = _model.QueueMessages(topic, queueId);
        var timestamp = command.DeltaMs + (messages.Count == 0
            ? PropertyStore.Start.ToUnixTimeMilliseconds()
            : messages[command.Pick % messages.Count].StoreTimestamp);
        var offset = await Store.GetOffsetInQueueByTimeAsync(topic, queueId, timestamp);
        Verify.Equal(_model.OffsetByTime(topic, queueId, timestamp), offset,
            $"offset of {topic}/{queueId} by time {timestamp}");
    }

    /// <summary>The queue a read names, or for none a queue that holds messages (picked by the command).</summary>
    private (string Topic, int QueueId) Target(string? topic, int queueId, int pick)
    {
        if (topic is not null)
        {
            return (topic, queueId);
        }

        var queues = _model.Queues.OrderBy(q => q.Topic, StringComparer.Ordinal).ThenBy(q => q.QueueId).ToList();
        return queues.Count == 0 ? (StoreGenerators.Topics[0], 0)
            : (queues[pick % queues.Count].Topic, queues[pick % queues.Count].QueueId);
    }

    private void CheckMessages(IReadOnlyList<ModelMessage> expected, GetMessageResult result, string what)
    {
        Verify.Equal(expected.Count, result.MessageCount, $"{what}: messages returned");
        var position = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            var slot = result.Slots[i];
            var message = expected[i];
            Verify.Equal(position, slot.Start, $"{what}: message {i} starts");
            Verify.Equal(message.QueueOffset, slot.QueueOffset, $"{what}: message {i} queue offset");
            Verify.Equal(message.CommitLogOffset, slot.CommitLogOffset, $"{what}: message {i} commit-log offset");
            CheckMessage(message, result.Messages.Span.Slice(slot.Start, slot.Size), $"{what}: message {i}");
            position += slot.Size;
        }

        Verify.Equal(position, result.Messages.Length, $"{what}: bytes returned");
    }

    /// <summary>Every field of a served message: what was sent, what the store added, the offsets filled in.</summary>
    private void CheckMessage(ModelMessage expected, ReadOnlySpan<byte> bytes, string what)
    {
        Verify.That(StoredMessage.TryRead(bytes, out var message), $"{what}: not a stored message");
        Verify.Equal(expected.Size, message.TotalSize, $"{what}: size");
        Verify.Equal(expected.Size, bytes.Length, $"{what}: slot size");
        Verify.Bytes(Encoding.UTF8.GetBytes(expected.Topic), message.Topic, $"{what}: topic");
        Verify.Equal(expected.QueueId, message.QueueId, $"{what}: queue id");
        Verify.Equal(expected.QueueOffset, message.QueueOffset, $"{what}: QUEUEOFFSET field");
        Verify.Equal(expected.CommitLogOffset, message.PhysicalOffset, $"{what}: PHYSICALOFFSET field");
        Verify.Equal(expected.Spec.Flag, message.Flag, $"{what}: flag");
        Verify.Equal(0, message.SysFlag, $"{what}: sysFlag");
        Verify.Equal(expected.Spec.BornTimestamp, message.BornTimestamp, $"{what}: born timestamp");
        Verify.Equal(expected.StoreTimestamp, message.StoreTimestamp, $"{what}: store timestamp");
        Verify.Bytes(Host(MessageSpec.BornHost), message.BornHost, $"{what}: born host");
        Verify.Bytes(Host(Store.Options.StoreHost), message.StoreHost, $"{what}: store host");
        Verify.Equal(0, message.ReconsumeTimes, $"{what}: reconsume times");
        Verify.Bytes(expected.Body, message.Body, $"{what}: body");
        // RocketMQ stores the body CRC-32 with the top bit cleared (UtilAll.crc32).
        Verify.Equal((int)(Crc32.HashToUInt32(expected.Body) & 0x7FFFFFFF), message.BodyCrc, $"{what}: body CRC");
        Verify.Bytes(Encoding.UTF8.GetBytes(expected.Spec.Properties), message.Properties, $"{what}: properties");
    }

    private static byte[] Host(System.Net.IPEndPoint endPoint)
    {
        var address = endPoint.Address.GetAddressBytes();
        var bytes = new byte[address.Length + 4];
        address.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(address.Length), endPoint.Port);
        return bytes;
    }
}
