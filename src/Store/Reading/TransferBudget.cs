namespace RocketMQ.Store.Reading;

/// <summary>
/// How much one get may return (RocketMQ's <c>isTheBatchFull</c>): the caller's message count, and byte/count
/// budgets that are smaller for cold data, so a consumer catching up does not flood memory with disk reads.
/// </summary>
internal readonly struct TransferBudget(MessageStoreOptions options, int maxMessages, int maxBytes)
{
    /// <summary>Whether adding a message of <paramref name="size"/> bytes would exceed the budget.</summary>
    public bool IsFull(int size, int bytesSoFar, int messagesSoFar, bool cold)
    {
        if (bytesSoFar == 0 || messagesSoFar == 0)
        {
            return false; // The first message is always served, however large.
        }

        if (messagesSoFar >= maxMessages || bytesSoFar + size > maxBytes)
        {
            return true;
        }

        return cold
            ? bytesSoFar + size > options.MaxTransferBytesOnMessageInDisk
              || messagesSoFar > options.MaxTransferCountOnMessageInDisk - 1
            : bytesSoFar + size > options.MaxTransferBytesOnMessageInMemory
              || messagesSoFar > options.MaxTransferCountOnMessageInMemory - 1;
    }
}
