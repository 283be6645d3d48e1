namespace RocketMQ.Store.Reading;

/// <summary>Decides from a ConsumeQueue unit whether a consumer wants the message (RocketMQ's <c>MessageFilter</c>).</summary>
public interface IMessageFilter
{
    /// <summary>Whether the message with this tags hash code is wanted. Called per unit: must not allocate.</summary>
    bool IsMatchedByConsumeQueue(long tagsCode);
}

/// <summary>
/// RocketMQ's tag filter: a subscription's <c>codeSet</c> (Java hash codes of the tags it names); a message matches
/// when its tags hash code is in the set. Subscribe to <c>*</c> by passing no filter.
/// </summary>
public sealed class TagsFilter : IMessageFilter
{
    private readonly HashSet<long> _codes;

    public TagsFilter(IEnumerable<long> codes) => _codes = [.. codes];

    public bool IsMatchedByConsumeQueue(long tagsCode) => _codes.Contains(tagsCode);
}
