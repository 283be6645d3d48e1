using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.Bench.Protocol;

/// <summary>The answer to one APPEND.</summary>
/// <param name="Status">The member's append status; null when no answer came (see <paramref name="Error"/>).</param>
/// <param name="Index">Raft index of the record's entry (committed only).</param>
/// <param name="Ordinal">Position of the record in its entry (committed only).</param>
/// <param name="LeaderId">The leader the member named (not committed only).</param>
/// <param name="LeaderAddress">That leader's client address, when the member knew it.</param>
/// <param name="Error">The member's remark when it refused, or why no usable answer came (connect failure, timeout,
/// unexpected code).</param>
public readonly record struct AppendReply(AppendStatus? Status, long Index, int Ordinal, string? LeaderId,
    string? LeaderAddress, string? Error)
{
    public bool IsCommitted => Status == AppendStatus.Committed;

    public static AppendReply NoAnswer(string error) => new(null, 0, 0, null, null, error);
}

/// <summary>A member's STATE answer.</summary>
public sealed record NodeState(string Address, string SelfId, ReplicaRole Role, long Term, string? LeaderId,
    string? LeaderAddress, long AppliedIndex)
{
    public bool IsLeader => Role == ReplicaRole.Leader;
}

/// <summary>A member's DIGEST (or AWAIT_APPLIED) answer: what its state machine applied.</summary>
/// <param name="Address">The member's client address.</param>
/// <param name="SelfId">The member's id.</param>
/// <param name="Records">Records applied (a retried record counts each time it was applied).</param>
/// <param name="Bytes">Payload bytes applied.</param>
/// <param name="DistinctIds">Distinct payload ids applied.</param>
/// <param name="LastIndex">Raft index of the last applied record batch.</param>
/// <param name="OrderDigest">Hash of the payload ids in apply order (hex).</param>
/// <param name="Reached">For AWAIT_APPLIED: whether the awaited index was applied in time; null for DIGEST.</param>
public sealed record NodeDigest(string Address, string SelfId, long Records, long Bytes, long DistinctIds,
    long LastIndex, string OrderDigest, bool? Reached)
{
    /// <summary>Same applied prefix: same last index, record count and order digest.</summary>
    public bool SameAppliedAs(NodeDigest other) =>
        LastIndex == other.LastIndex && Records == other.Records && OrderDigest == other.OrderDigest;

    public override string ToString() => FormattableString.Invariant(
        $"{SelfId}@{Address} last_index={LastIndex} records={Records} distinct_ids={DistinctIds} digest={OrderDigest}");
}
