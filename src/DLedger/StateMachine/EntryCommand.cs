namespace RocketMQ.DLedger.StateMachine;

/// <summary>
/// DotNext <c>CommandId</c> values of our log entries. Stored in every entry's metadata, so a value once used keeps
/// its meaning; entries without a payload (DotNext's own no-op entries) never reach the state machine.
/// </summary>
internal static class EntryCommand
{
    /// <summary>A group-committed batch of records (<see cref="Common.Replication.RecordBatchFormat"/>, v1).</summary>
    public const int RecordBatch = 1;

    /// <summary>A leadership hand-over: UTF-8 id of the member that should lead next (never shown to the store).</summary>
    public const int LeadershipTransfer = 2;
}
