using RocketMQ.Common.Messages;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Store.Reading;

namespace RocketMQ.Broker.Consuming;

/// <summary>
/// A consumer's subscription to one topic, parsed once into the filter pulls use (RocketMQ's <c>FilterAPI</c> and
/// <c>ExpressionMessageFilter</c>): <c>*</c> (or an empty expression) selects every message; a tag expression
/// <c>a || b</c> selects messages whose tags hash is one of the tags' Java hash codes.
/// </summary>
/// <remarks>Immutable; shared by every pull of the subscription.</remarks>
public sealed class Subscription
{
    /// <summary>RocketMQ's tag expression type (the default).</summary>
    public const string TagType = "TAG";

    private Subscription(SubscriptionData data, IMessageFilter? filter)
    {
        Data = data;
        Filter = filter;
    }

    /// <summary>The subscription as the client described it (heartbeat) or as parsed from a pull.</summary>
    public SubscriptionData Data { get; }

    /// <summary>The ConsumeQueue filter; null selects every message.</summary>
    public IMessageFilter? Filter { get; }

    /// <summary>Tag expressions are served; SQL92 needs <c>enablePropertyFilter</c>, which this broker lacks.</summary>
    public bool IsTagType => Data.ExpressionType is null || Data.ExpressionType == TagType;

    /// <summary>
    /// Parses a pull's expression as Java's <c>FilterAPI.build</c>; returns false (with the reason) where Java throws,
    /// which the pull answers SUBSCRIPTION_PARSE_FAILED.
    /// </summary>
    public static bool TryParse(string topic, string? expression, string? expressionType, out Subscription? result,
        out string? error)
    {
        result = null;
        error = null;
        if (expressionType is not null && expressionType != TagType)
        {
            if (string.IsNullOrEmpty(expression))
            {
                error = $"an empty {expressionType} expression";
                return false;
            }

            result = new Subscription(
                new SubscriptionData { Topic = topic, SubString = expression, ExpressionType = expressionType }, null);
            return true;
        }

        var data = new SubscriptionData { Topic = topic, SubString = expression, ExpressionType = TagType };
        if (string.IsNullOrEmpty(expression) || expression == SubscriptionData.SubscribeAll)
        {
            data.SubString = SubscriptionData.SubscribeAll;
            result = new Subscription(data, null);
            return true;
        }

        // Java splits on "||" dropping trailing empties; nothing left (e.g. "||") is its "subString split error".
        var parts = expression.Split("||");
        if (parts.All(part => part.Length == 0))
        {
            error = $"subscription '{expression}' names no tag";
            return false;
        }

        foreach (var part in parts)
        {
            var tag = part.Trim();
            if (tag.Length > 0 && !data.TagsSet.Contains(tag))
            {
                data.TagsSet.Add(tag);
                data.CodeSet.Add((int)TagsHash.Of(tag));
            }
        }

        result = new Subscription(data, new TagCodesFilter(data.CodeSet));
        return true;
    }

    /// <summary>
    /// A heartbeat's subscription: its <c>codeSet</c> as sent (clients compute it); when a client sent tags without
    /// codes, the codes are derived from the expression.
    /// </summary>
    public static Subscription FromHeartbeat(SubscriptionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var isTagType = data.ExpressionType is null || data.ExpressionType == TagType;
        if (!isTagType || data.ClassFilterMode || string.IsNullOrEmpty(data.SubString)
            || data.SubString == SubscriptionData.SubscribeAll)
        {
            // Class filter mode is served by filter servers in RocketMQ; the broker's own filter lets all through.
            return new Subscription(data, null);
        }

        if (data.CodeSet.Count == 0 && TryParse(data.Topic ?? "", data.SubString, data.ExpressionType, out var parsed,
                out _))
        {
            return new Subscription(data, parsed!.Filter);
        }

        return new Subscription(data, new TagCodesFilter(data.CodeSet));
    }

    /// <summary>Java compares <c>codeSet.contains(tagsCode.intValue())</c>: the unit's code cut to 32 bits.</summary>
    private sealed class TagCodesFilter(IEnumerable<int> codes) : IMessageFilter
    {
        private readonly HashSet<int> _codes = [.. codes];

        public bool IsMatchedByConsumeQueue(long tagsCode) => _codes.Contains(unchecked((int)tagsCode));
    }
}
