namespace RocketMQ.Remoting;

/// <summary>The connection is closed or could not be established.</summary>
public sealed class RemotingConnectionException : Exception
{
    public RemotingConnectionException(string message) : base(message)
    {
    }

    public RemotingConnectionException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public RemotingConnectionException()
    {
    }
}
