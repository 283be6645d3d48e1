namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// A request whose custom header is missing a field or has a malformed one. The dispatcher answers it with
/// SYSTEM_ERROR and the message as remark (as Java does); the connection stays open.
/// </summary>
public sealed class RemotingCommandException : Exception
{
    public RemotingCommandException(string message) : base(message)
    {
    }

    public RemotingCommandException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public RemotingCommandException()
    {
    }

    public static RemotingCommandException MissingField(string name) => new($"the custom field <{name}> is null");

    public static RemotingCommandException BadField(string name, string value) =>
        new($"the custom field <{name}> has an invalid value '{value}'");
}
