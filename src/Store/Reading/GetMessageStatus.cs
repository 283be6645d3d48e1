namespace RocketMQ.Store.Reading;

/// <summary>The outcome of a get, as RocketMQ's <c>GetMessageStatus</c> (the broker maps each to a pull code).</summary>
public enum GetMessageStatus
{
    /// <summary>At least one message was returned.</summary>
    Found,

    /// <summary>Units were scanned but none passed the filter; continue from <c>NextBeginOffset</c>.</summary>
    NoMatchedMessage,

    /// <summary>The messages were deleted by retention while being read.</summary>
    MessageWasRemoving,

    /// <summary>The unit could not be read: its file is gone, or it failed the integrity checks (reported).</summary>
    OffsetFoundNull,

    /// <summary>The offset is past the queue's end by more than one.</summary>
    OffsetOverflowBadly,

    /// <summary>The offset equals the queue's end: nothing new yet (long polling waits here).</summary>
    OffsetOverflowOne,

    /// <summary>The offset is below the queue's minimum (deleted by retention).</summary>
    OffsetTooSmall,

    /// <summary>No such queue (nothing was ever stored to it).</summary>
    NoMatchedLogicQueue,

    /// <summary>The queue exists but has never held a message.</summary>
    NoMessageInQueue,
}
