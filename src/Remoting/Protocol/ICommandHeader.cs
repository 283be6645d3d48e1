namespace RocketMQ.Remoting.Protocol;

/// <summary>A typed custom header that travels as <see cref="RemotingCommand.ExtFields"/>.</summary>
public interface ICommandHeader
{
    /// <summary>Writes every non-null field as a string, formatted as Java's header codec does
    /// (numbers in invariant decimal, booleans as <c>true</c>/<c>false</c>).</summary>
    void WriteTo(IDictionary<string, string> extFields);
}

/// <summary>A typed custom header that can also be read back; implemented by hand per header (no reflection).</summary>
public interface ICommandHeader<TSelf> : ICommandHeader where TSelf : ICommandHeader<TSelf>
{
    /// <summary>Reads the header; throws <see cref="RemotingCommandException"/> naming the offending field.</summary>
    static abstract TSelf ReadFrom(ExtFieldsReader fields);
}
