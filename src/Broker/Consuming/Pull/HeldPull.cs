using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Consuming.Pull;

/// <summary>
/// A pull held by long polling (RocketMQ's <c>PullRequest</c>): the request, its channel, the queue offset beyond
/// which an arrival wakes it, and its deadline.
/// </summary>
/// <remarks>Owned by whoever takes it out of its queue's list in <see cref="PullHoldService"/> (under that list's
/// lock): exactly one party resumes it.</remarks>
internal sealed class HeldPull(RemotingCommand request, PullMessageRequestHeader header, IRemotingChannel channel,
    long deadlineTimestamp, PullHoldService service) : IThreadPoolWorkItem
{
    public RemotingCommand Request { get; } = request;

    public PullMessageRequestHeader Header { get; } = header;

    public IRemotingChannel Channel { get; } = channel;

    /// <summary>When to answer anyway (a <see cref="TimeProvider"/> timestamp).</summary>
    public long DeadlineTimestamp { get; } = deadlineTimestamp;

    /// <summary>An arrival that leaves the queue's max offset above this wakes the pull.</summary>
    public long Watermark { get; set; }

    /// <summary>Resumes the pull on the thread pool.</summary>
    public void Execute() => _ = service.ResumeAsync(this);
}
