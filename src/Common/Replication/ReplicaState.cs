namespace RocketMQ.Common.Replication;

/// <summary>A member's role in its Raft group.</summary>
public enum ReplicaRole
{
    /// <summary>Not leading: follows a leader, or waits for one to be elected.</summary>
    Follower,

    /// <summary>Leads the group: appends are accepted here.</summary>
    Leader,

    /// <summary>Not taking part in elections (stopped, failed storage, or holding still during a transfer).</summary>
    Standby,
}

/// <summary>A snapshot of a member's view of its group.</summary>
/// <param name="Role">This member's role.</param>
/// <param name="Term">The Raft term the view belongs to.</param>
/// <param name="LeaderId">The leader's member id, or <see langword="null"/> while no leader is known.</param>
/// <param name="LeaderAddress">The leader's client-facing address (its advertised metadata), if known.</param>
public sealed record ReplicaState(ReplicaRole Role, long Term, string? LeaderId, string? LeaderAddress)
{
    /// <summary>The state before the member has joined its group.</summary>
    public static readonly ReplicaState Initial = new(ReplicaRole.Follower, 0, null, null);

    public bool IsLeader => Role == ReplicaRole.Leader;
}
