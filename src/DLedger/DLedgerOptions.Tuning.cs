using RocketMQ.Common.Configuration;

namespace RocketMQ.DLedger;

/// <summary>Timing, batching and log-layout settings of <see cref="DLedgerOptions"/>.</summary>
public sealed partial class DLedgerOptions
{
    /// <summary>
    /// <c>dLegerElectionTimeoutMinMs</c>: lower bound of the randomized election timeout. A follower that hears
    /// nothing from the leader for this long may start an election; heartbeats go out every half of it. Measured on
    /// the 2-core box (benchmarks/failover-bench.sh, docs/performance.md): 200–400 ms gives kill-to-next-ack p50
    /// ~0.7–0.8 s and p99 ~1.0–1.2 s, with no spurious election during a 20 s saturating load run; 300–600 ms gave
    /// p50 ~1.0 s.
    /// </summary>
    public int ElectionTimeoutMinMs { get; set; } = 200;

    /// <summary><c>dLegerElectionTimeoutMaxMs</c>: upper bound of the election timeout (spread avoids split votes).</summary>
    public int ElectionTimeoutMaxMs { get; set; } = 400;

    /// <summary>
    /// <c>dLegerRequestTimeoutMs</c>: how long one Raft request may take. It must cover one replication chunk
    /// (<see cref="ReplicationChunkBytes"/>) on the slowest link, yet stay short because a candidate waits for every
    /// peer's answer (or this timeout) before it counts pre-votes.
    /// </summary>
    public int RequestTimeoutMs { get; set; } = 2000;

    /// <summary>
    /// <c>dLegerReplicationChunkBytes</c>: the most log bytes the leader ships to one follower per request. DotNext
    /// would otherwise send a lagging follower its whole backlog in one request, which never finishes within the
    /// request timeout and leaves garbage behind on every retry (../shared/docs/dotnext-raft.md, pitfall 1).
    /// </summary>
    public int ReplicationChunkBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// <c>dLegerChunkSizeBytes</c>: size of one WAL data file. Every entry fits in one file (so entries are read
    /// without copying) and retention deletes whole files; fixed once a log exists.
    /// </summary>
    public int ChunkSizeBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// <c>dLegerMaxBatchBytes</c>: the largest group-committed entry. One record may use all of it (minus headers),
    /// so it bounds the largest message batch a producer can send.
    /// </summary>
    public int MaxBatchBytes { get; set; } = 4 * 1024 * 1024 + 64 * 1024;

    /// <summary>
    /// <c>dLegerMaxInflightBatches</c>: entries appended but not yet committed at once. While they are in flight new
    /// records gather into the next batch, so the batch size (and linger) adapts to load by itself.
    /// </summary>
    public int MaxInflightBatches { get; set; } = 4;

    /// <summary>
    /// <c>preferredLeaderId</c> (RocketMQ DLedger's name): when set, the leader hands leadership to this member once
    /// it is reachable and caught up, and keeps doing so after failovers.
    /// </summary>
    public string? PreferredLeaderId { get; set; }

    /// <summary>
    /// The address clients use to reach this member's broker (<c>brokerIP1:listenPort</c>), published to peers so
    /// every member can name the leader's address.
    /// </summary>
    public string ClientAddress { get; set; } = "";

    /// <summary>
    /// <c>dLegerMinFreeDiskBytes</c>: appends are refused (and leadership given up) when the log's volume has less
    /// free space than this, so a full disk is a reported state rather than a crash.
    /// </summary>
    public long MinFreeDiskBytes { get; set; } = 256L * 1024 * 1024;

    private void ValidateTuning()
    {
        Require(ElectionTimeoutMinMs is >= 50 and <= 60_000, "dLegerElectionTimeoutMinMs", "must be 50..60000 ms");
        Require(ElectionTimeoutMaxMs > ElectionTimeoutMinMs && ElectionTimeoutMaxMs <= 120_000,
            "dLegerElectionTimeoutMaxMs", "must be above dLegerElectionTimeoutMinMs and at most 120000 ms");
        Require(RequestTimeoutMs is >= 100 and <= 600_000, "dLegerRequestTimeoutMs", "must be 100..600000 ms");
        Require(ChunkSizeBytes is >= 1024 * 1024 and <= 1024 * 1024 * 1024, "dLegerChunkSizeBytes",
            "must be 1 MiB..1 GiB");
        Require(MaxBatchBytes >= 64 * 1024 && MaxBatchBytes <= ChunkSizeBytes, "dLegerMaxBatchBytes",
            "must be at least 64 KiB and at most dLegerChunkSizeBytes");
        Require(ReplicationChunkBytes >= MaxBatchBytes, "dLegerReplicationChunkBytes",
            "must be at least dLegerMaxBatchBytes");
        Require(MaxInflightBatches is >= 1 and <= 64, "dLegerMaxInflightBatches", "must be 1..64");
        Require(MinFreeDiskBytes >= 0, "dLegerMinFreeDiskBytes", "must not be negative");
        Require(string.IsNullOrEmpty(PreferredLeaderId) || PeerList.Any(p => p.Id == PreferredLeaderId), "preferredLeaderId",
            $"'{PreferredLeaderId}' is not one of the dLegerPeers ids");
    }

    private static void Require(bool condition, string key, string message)
    {
        if (!condition)
        {
            throw new ConfigurationException(key, message);
        }
    }
}
