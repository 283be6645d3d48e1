using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting;

/// <summary>
/// Handles requests of one or more request codes. Processors are transport-neutral and called concurrently
/// for requests from different connections (and possibly the same connection).
/// </summary>
public interface IRequestProcessor
{
    /// <summary>
    /// Handles <paramref name="request"/>. Returns the response to write, or null when there is nothing to
    /// write now (a oneway request, or a response that will be sent later through
    /// <see cref="IRemotingChannel.SendAsync"/>). For oneway requests a returned response is discarded.
    /// A thrown <see cref="RemotingCommandException"/> or any other exception is answered with SYSTEM_ERROR.
    /// </summary>
    ValueTask<RemotingCommand?> ProcessAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken);
}

/// <summary>Told when connections open and close (e.g. the name server drops a broker whose channel closed).</summary>
public interface IChannelEventListener
{
    void OnChannelConnected(IRemotingChannel channel);

    void OnChannelClosed(IRemotingChannel channel);
}
