namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// A frame that cannot be trusted (over a size limit, negative or truncated length, bad JSON, unknown
/// serialization type). The connection that sent it is closed with <see cref="Exception.Message"/> logged as
/// the reason; other connections are unaffected.
/// </summary>
public sealed class RemotingProtocolException : Exception
{
    public RemotingProtocolException(string message) : base(message)
    {
    }

    public RemotingProtocolException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public RemotingProtocolException()
    {
    }
}
