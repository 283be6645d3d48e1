using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Admin;
using RocketMQ.Broker.Consuming.Clients;
using RocketMQ.Broker.Consuming.Offsets;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Config;
using RocketMQ.Store.Reading;

namespace RocketMQ.Broker.Consuming.Pull;

/// <summary>
/// PULL_MESSAGE (11), as RocketMQ 4.9.8's PullMessageProcessor: permission, group, topic, queue and subscription
/// checks (see <see cref="CheckAsync"/>), a store read filtered by the subscription's tag codes, the read's status
/// mapped to a pull code (<see cref="PullStatus"/>) with <c>nextBeginOffset</c>/<c>minOffset</c>/<c>maxOffset</c>,
/// the piggybacked commit offset, and long polling of pulls that found nothing new (<see cref="PullHoldService"/>).
/// </summary>
/// <remarks>
/// <para>Every replica serves pulls from what it has applied. A follower reads without correcting offsets (Java's
/// <c>offsetCheckInSlave=false</c>) and answers what would be PULL_OFFSET_MOVED with PULL_RETRY_IMMEDIATELY and the
/// group's broker id, so a consumer's offset is moved only by the leader; it does not store piggybacked commits
/// (Java clients clear that flag when pulling from a slave anyway).</para>
/// <para><c>suggestWhichBrokerId</c> is the group's <c>whichBrokerWhenConsumeSlowly</c> when the data read is cold
/// (far behind the log's end), else 0 — RocketMQ's behaviour with <c>slaveReadEnable</c>, which a Raft group always
/// has.</para>
/// <para>The response body is a copy of the store's read (the transport offers no write-completion hook to release
/// pooled memory after the send).</para>
/// </remarks>
internal sealed partial class PullMessageProcessor(BrokerContext context, SubscriptionGroups groups,
    ConsumerManager consumers, ConsumerOffsetService offsets, ILogger logger) : IRequestProcessor
{
    /// <summary>Set by the module once the hold service exists (they refer to each other).</summary>
    public PullHoldService? Holds { get; set; }

    public async ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken)
    {
        var header = request.DecodeHeader<PullMessageRequestHeader>();
        return await PullAsync(request, header, channel, null, false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-runs a held pull (Java's <c>executeRequestWhenWakeup</c>); null when it was held again.</summary>
    internal ValueTask<RemotingCommand?> ResumeAsync(HeldPull pull, bool expired, CancellationToken token) =>
        PullAsync(pull.Request, pull.Header, pull.Channel, pull, expired, token);

    private async ValueTask<RemotingCommand?> PullAsync(RemotingCommand request, PullMessageRequestHeader header,
        IRemotingChannel channel, HeldPull? held, bool expired, CancellationToken token)
    {
        var check = await CheckAsync(request, header).ConfigureAwait(false);
        if (check.Error is { } error)
        {
            return error;
        }

        var leader = context.IsLeader;
        using var result = await context.Store.GetMessagesAsync(header.Topic, header.QueueId, header.QueueOffset,
            header.MaxMsgNums, check.Subscription!.Filter, correctOffsets: leader, token: token).ConfigureAwait(false);
        var code = PullStatus.ToResponseCode(result.Status, header.QueueOffset);
        var suggest = result.SuggestPullingFromFollower ? check.Group!.WhichBrokerWhenConsumeSlowly : 0;
        if (code == ResponseCode.PullOffsetMoved)
        {
            if (leader)
            {
                ConsumeLog.PullOffsetMoved(logger, header.ConsumerGroup, header.Topic, header.QueueId,
                    header.QueueOffset, result.NextBeginOffset, PullStatus.JavaName(result.Status));
            }
            else
            {
                code = ResponseCode.PullRetryImmediately;
                suggest = check.Group!.BrokerId;
            }
        }

        if (held is null && leader && (header.SysFlag & PullSysFlag.CommitOffset) != 0
            && ConsumerOffsetService.Check(header.ConsumerGroup, header.Topic, header.QueueId, header.CommitOffset)
                is null)
        {
            offsets.Commit(header.ConsumerGroup, header.Topic, header.QueueId, header.CommitOffset);
        }

        if (TryHold(request, header, channel, held, expired, code, result))
        {
            return null;
        }

        var response = RemotingCommand.CreateResponse(request, code, new PullMessageResponseHeader
        {
            SuggestWhichBrokerId = suggest,
            NextBeginOffset = result.NextBeginOffset,
            MinOffset = result.MinOffset,
            MaxOffset = result.MaxOffset,
        }, PullStatus.JavaName(result.Status));
        if (code == ResponseCode.Success)
        {
            response.Body = result.Messages.ToArray();
        }

        context.Find<BrokerStats>()?.RecordGet(code == ResponseCode.Success ? result.MessageCount : 0);
        return response;
    }

    /// <summary>
    /// Holds a pull that found nothing new: a first pass with the suspend flag and PULL_NOT_FOUND, for
    /// <c>suspendTimeoutMillis</c> (<c>shortPollingTimeMills</c> without long polling); a woken pull until its
    /// deadline while the queue still has nothing it wants (nothing new, or only messages its tags exclude).
    /// </summary>
    private bool TryHold(RemotingCommand request, PullMessageRequestHeader header, IRemotingChannel channel,
        HeldPull? held, bool expired, int code, GetMessageResult result)
    {
        if (Holds is null || expired)
        {
            return false;
        }

        if (held is null)
        {
            if (code != ResponseCode.PullNotFound || (header.SysFlag & PullSysFlag.Suspend) == 0)
            {
                return false;
            }

            var options = context.Options;
            var timeoutMs = options.LongPollingEnable ? header.SuspendTimeoutMillis : options.ShortPollingTimeMills;
            held = new HeldPull(request, header, channel, Holds.DeadlineAfter(timeoutMs), Holds)
            {
                // A damaged unit reads as OFFSET_FOUND_NULL whatever arrives: answer it at the deadline only, or the
                // consumer would spin on it.
                Watermark = result.Status == GetMessageStatus.OffsetFoundNull ? long.MaxValue : header.QueueOffset,
            };
            Holds.Hold(held);
            return true;
        }

        var nothingWanted = (code == ResponseCode.PullNotFound && result.Status != GetMessageStatus.OffsetFoundNull)
            || (result.Status == GetMessageStatus.NoMatchedMessage && result.NextBeginOffset >= result.MaxOffset);
        if (!nothingWanted)
        {
            return false;
        }

        held.Watermark = result.MaxOffset;
        Holds.Hold(held);
        return true;
    }

    /// <summary>What a pull must pass before the store is read; on failure, the response.</summary>
    private readonly record struct CheckResult(RemotingCommand? Error, SubscriptionGroupConfig? Group,
        Subscription? Subscription);
}
