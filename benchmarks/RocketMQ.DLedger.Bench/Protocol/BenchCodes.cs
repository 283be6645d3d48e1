using RocketMQ.Common.Protocol;
using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.Bench.Protocol;

/// <summary>
/// The bench node's wire vocabulary, declared once: request codes (9100+, unused by RocketMQ 4.x), the response
/// code of every <see cref="AppendStatus"/>, and the ext-field names requests and responses carry.
/// </summary>
public static class BenchCodes
{
    /// <summary>Body = one record (8-byte little-endian payload id, then filler). Answered with
    /// <see cref="Fields.Index"/>/<see cref="Fields.Ordinal"/> on success, else the status's code with
    /// <see cref="Fields.LeaderId"/>/<see cref="Fields.LeaderAddress"/> hints and a remark.</summary>
    public const int Append = 9100;

    /// <summary>Role, term, leader, applied index of the answering member.</summary>
    public const int State = 9101;

    /// <summary>What the member's state machine applied: counts, distinct ids, last index, order digest.</summary>
    public const int Digest = 9102;

    /// <summary>Ext <see cref="Fields.Index"/>, <see cref="Fields.TimeoutMs"/>: answers (as DIGEST, plus
    /// <see cref="Fields.Reached"/>) once the state machine applied that entry index, or when the time is up.</summary>
    public const int AwaitApplied = 9103;

    /// <summary>Body = payload ids (8 bytes LE each): answers how many were never applied.</summary>
    public const int Contains = 9104;

    /// <summary>The record kind bench payloads are appended as.</summary>
    public static readonly RecordKind RecordKind = new(1);

    /// <summary>Append outcome ↔ response code; everything but success uses codes RocketMQ 4.x leaves free.</summary>
    private static readonly (AppendStatus Status, int Code)[] AppendCodes =
    [
        (AppendStatus.Committed, ResponseCode.Success),
        (AppendStatus.NotLeader, 9150),
        (AppendStatus.OutcomeUnknown, 9151),
        (AppendStatus.TooLarge, 9152),
        (AppendStatus.Unavailable, 9153),
    ];

    public static int CodeOf(AppendStatus status)
    {
        foreach (var (candidate, code) in AppendCodes)
        {
            if (candidate == status)
            {
                return code;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(status), status, "no response code declared");
    }

    /// <summary>The append status a response code stands for, or null for any other code.</summary>
    public static AppendStatus? StatusOf(int code)
    {
        foreach (var (status, candidate) in AppendCodes)
        {
            if (candidate == code)
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>Ext-field names.</summary>
    public static class Fields
    {
        public const string Index = "index";
        public const string Ordinal = "ordinal";
        public const string LeaderId = "leaderId";
        public const string LeaderAddress = "leaderAddress";
        public const string Self = "self";
        public const string Role = "role";
        public const string Term = "term";
        public const string Applied = "applied";
        public const string Records = "records";
        public const string Bytes = "bytes";
        public const string DistinctIds = "distinctIds";
        public const string LastIndex = "lastIndex";
        public const string OrderDigest = "digest";
        public const string TimeoutMs = "timeoutMs";
        public const string Reached = "reached";
        public const string Checked = "checked";
        public const string Missing = "missing";
        public const string FirstMissing = "firstMissing";
    }
}
