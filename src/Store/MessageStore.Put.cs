using System.Buffers;
using System.Text;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;

namespace RocketMQ.Store;

/// <summary>The put path: producer messages → one log record → committed, applied, offsets back to the producer.</summary>
public sealed partial class MessageStore
{
    /// <summary>Stores one message; see <see cref="PutMessagesAsync"/>.</summary>
    public ValueTask<PutMessageResult> PutMessageAsync(MessageToStore message, CancellationToken token = default) =>
        PutMessagesAsync(new[] { message }, token);

    /// <summary>
    /// Stores a send (one message, or a SEND_BATCH_MESSAGE batch: same topic and queue, stored all-or-nothing with
    /// consecutive queue offsets) as one record of the replicated log. Completes when the record is committed on a
    /// majority and applied here, with the offsets the state machine assigned.
    /// </summary>
    /// <returns>Never throws for bad input or log trouble: the status says what happened (and the remark why).</returns>
    public async ValueTask<PutMessageResult> PutMessagesAsync(ReadOnlyMemory<MessageToStore> messages,
        CancellationToken token = default)
    {
        if (CheckWritable() is { } unavailable)
        {
            return unavailable;
        }

        if (Validate(messages.Span) is { } illegal)
        {
            return illegal;
        }

        var storeTimestamp = _environment.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var length = MessageBatchWriter.RecordLength(messages.Span, _options.StoreHost);
        if (length > CommitLogOffset.MaxEntryBytes / 2)
        {
            return PutMessageResult.Failed(PutMessageStatus.MessageIllegal,
                $"the send is {length} bytes encoded, above the {CommitLogOffset.MaxEntryBytes / 2} a log entry takes");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var context = PutContext.Rent(messages.Length);
        var applied = false;
        try
        {
            MessageBatchWriter.Write(buffer.AsSpan(0, length), messages.Span, storeTimestamp, _options.StoreHost);
            var appended = await _log!.AppendAsync(StoreRecordKinds.Messages, buffer.AsMemory(0, length), context,
                token).ConfigureAwait(false);
            applied = appended.IsCommitted;
            return Outcome(appended, context, storeTimestamp);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);

            // Only a completed apply is sure to be done with the context; after any other outcome the applier might
            // still hold it, so it is left to the GC rather than reused.
            if (applied)
            {
                context.Return();
            }
        }
    }

    private PutMessageResult? CheckWritable()
    {
        if (IsDisposed || Log is null)
        {
            return PutMessageResult.Failed(PutMessageStatus.ServiceNotAvailable, "the message store is not running");
        }

        return _diskFullRemark is { } remark
            ? PutMessageResult.Failed(PutMessageStatus.ServiceNotAvailable, remark)
            : null;
    }

    private PutMessageResult? Validate(ReadOnlySpan<MessageToStore> messages)
    {
        if (messages.IsEmpty)
        {
            return Illegal("a send must hold at least one message");
        }

        var first = messages[0];
        foreach (ref readonly var message in messages)
        {
            if (!TopicName.IsValid(message.Topic))
            {
                return Illegal($"topic '{message.Topic}' is not allowed (1..127 of [%|a-zA-Z0-9_-])");
            }

            if (message.Topic != first.Topic || message.QueueId != first.QueueId)
            {
                return Illegal("every message of a batch must go to the same topic and queue");
            }

            if (message.QueueId < 0)
            {
                return Illegal($"queue id {message.QueueId} is negative");
            }

            if (message.Body.Length > _options.MaxMessageSize)
            {
                return Illegal($"the body is {message.Body.Length} bytes, above maxMessageSize {_options.MaxMessageSize}");
            }

            if (message.Properties is { } properties && properties.Length > 0
                && Encoding.UTF8.GetByteCount(properties) > StoredMessageLayout.MaxPropertiesBytes)
            {
                return PutMessageResult.Failed(PutMessageStatus.PropertiesSizeExceeded,
                    $"the properties exceed {StoredMessageLayout.MaxPropertiesBytes} bytes");
            }
        }

        return null;

        static PutMessageResult Illegal(string remark) =>
            PutMessageResult.Failed(PutMessageStatus.MessageIllegal, remark);
    }

    private static PutMessageResult Outcome(AppendResult appended, PutContext context, long storeTimestamp) =>
        appended.Status switch
        {
            AppendStatus.Committed when context.RefusedBecause is { } reason =>
                PutMessageResult.Failed(PutMessageStatus.UnknownError, $"the store refused the record: {reason}"),
            AppendStatus.Committed when !context.IsComplete =>
                PutMessageResult.Failed(PutMessageStatus.UnknownError, "the record committed but was not applied here"),
            AppendStatus.Committed => new PutMessageResult(PutMessageStatus.PutOk, null, context.FirstQueueOffset,
                context.CommitLogOffsets[0], context.MessageCount, storeTimestamp,
                context.MessageCount > 1 ? context.CommitLogOffsets.ToArray() : null, null),
            AppendStatus.NotLeader => PutMessageResult.Failed(PutMessageStatus.NotLeader,
                "this broker is not the leader of its group", appended.LeaderId),
            AppendStatus.OutcomeUnknown => PutMessageResult.Failed(PutMessageStatus.OutcomeUnknown,
                "leadership changed while the message was being replicated; it may or may not be stored"),
            AppendStatus.TooLarge => PutMessageResult.Failed(PutMessageStatus.MessageIllegal,
                "the send is larger than the log's largest entry (dLegerMaxBatchBytes)"),
            _ => PutMessageResult.Failed(PutMessageStatus.ServiceNotAvailable,
                "the replicated log cannot take writes (disk full or storage failure)"),
        };
}
