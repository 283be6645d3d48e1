namespace RocketMQ.Remoting.Protocol.Header;

/// <summary>
/// LEADERSHIP_TRANSFER (30001, ours) request header: the member of the broker group that should lead, by its
/// <c>dLegerSelfId</c> (for example <c>n1</c>).
/// </summary>
public sealed record LeadershipTransferRequestHeader : ICommandHeader<LeadershipTransferRequestHeader>
{
    public required string TargetId { get; init; }

    public static LeadershipTransferRequestHeader ReadFrom(ExtFieldsReader fields) => new()
    {
        TargetId = fields.RequiredString("targetId"),
    };

    public void WriteTo(IDictionary<string, string> extFields) => extFields.Put("targetId", TargetId);
}
