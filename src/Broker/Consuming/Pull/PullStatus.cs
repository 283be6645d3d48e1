using RocketMQ.Common.Protocol;
using RocketMQ.Store.Reading;

namespace RocketMQ.Broker.Consuming.Pull;

/// <summary>The store's get statuses as PULL_MESSAGE answers them (RocketMQ 4.9.8 PullMessageProcessor's switch).
/// </summary>
internal static class PullStatus
{
    private static readonly string[] JavaNames = BuildNames();

    /// <summary>
    /// The response code for <paramref name="status"/>: FOUND → SUCCESS; MESSAGE_WAS_REMOVING and NO_MATCHED_MESSAGE →
    /// PULL_RETRY_IMMEDIATELY; NO_MATCHED_LOGIC_QUEUE and NO_MESSAGE_IN_QUEUE → PULL_OFFSET_MOVED unless the pull
    /// asked for offset 0 (then PULL_NOT_FOUND); OFFSET_FOUND_NULL and OFFSET_OVERFLOW_ONE → PULL_NOT_FOUND;
    /// OFFSET_OVERFLOW_BADLY and OFFSET_TOO_SMALL → PULL_OFFSET_MOVED.
    /// </summary>
    public static int ToResponseCode(GetMessageStatus status, long requestedOffset) => status switch
    {
        GetMessageStatus.Found => ResponseCode.Success,
        GetMessageStatus.MessageWasRemoving or GetMessageStatus.NoMatchedMessage => ResponseCode.PullRetryImmediately,
        GetMessageStatus.NoMatchedLogicQueue or GetMessageStatus.NoMessageInQueue =>
            requestedOffset != 0 ? ResponseCode.PullOffsetMoved : ResponseCode.PullNotFound,
        GetMessageStatus.OffsetFoundNull or GetMessageStatus.OffsetOverflowOne => ResponseCode.PullNotFound,
        GetMessageStatus.OffsetOverflowBadly or GetMessageStatus.OffsetTooSmall => ResponseCode.PullOffsetMoved,
        _ => ResponseCode.SystemError,
    };

    /// <summary>The status as Java names it (the pull response's remark, e.g. <c>OFFSET_OVERFLOW_ONE</c>).</summary>
    public static string JavaName(GetMessageStatus status) =>
        (uint)status < (uint)JavaNames.Length ? JavaNames[(int)status] : status.ToString();

    private static string[] BuildNames()
    {
        var values = Enum.GetValues<GetMessageStatus>();
        var names = new string[values.Max(v => (int)v) + 1];
        foreach (var value in values)
        {
            // FoundNothing → FOUND_NOTHING: Java's enum constant spelling.
            var name = value.ToString();
            var builder = new System.Text.StringBuilder(name.Length + 8);
            for (var i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToUpperInvariant(name[i]));
            }

            names[(int)value] = builder.ToString();
        }

        return names;
    }
}
