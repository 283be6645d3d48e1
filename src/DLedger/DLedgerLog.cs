using Microsoft.Extensions.Logging;

namespace RocketMQ.DLedger;

/// <summary>Log messages of the DLedger layer; event ids 3000–3099 are stable.</summary>
internal static partial class DLedgerLog
{
    [LoggerMessage(3000, LogLevel.Information, "DLedger {Group}/{SelfId} started at {EndPoint} with {PeerCount} peers, log at {Path}")]
    public static partial void Started(ILogger logger, string group, string selfId, string endPoint, int peerCount,
        string path);

    [LoggerMessage(3001, LogLevel.Information, "DLedger {SelfId}: role {Role}, term {Term}, leader {LeaderId}")]
    public static partial void RoleChanged(ILogger logger, string selfId, string role, long term, string? leaderId);

    [LoggerMessage(3002, LogLevel.Error, "Log entry {Index} has unknown command id {CommandId}; skipped")]
    public static partial void UnknownEntryCommand(ILogger logger, long index, int commandId);

    [LoggerMessage(3003, LogLevel.Error, "Log entry {Index} ({Bytes} bytes) is not a valid record batch; skipped")]
    public static partial void MalformedEntry(ILogger logger, long index, int bytes);

    [LoggerMessage(3004, LogLevel.Information, "Installed snapshot at index {Index} (term {Term}, {Bytes} bytes)")]
    public static partial void SnapshotInstalled(ILogger logger, long index, long term, int bytes);

    [LoggerMessage(3005, LogLevel.Information, "Leadership transfer to {TargetId} requested (term {Term})")]
    public static partial void TransferStarted(ILogger logger, string targetId, long term);

    [LoggerMessage(3006, LogLevel.Information, "Leadership transfer to {TargetId} finished: {Outcome} in {ElapsedMs} ms")]
    public static partial void TransferFinished(ILogger logger, string targetId, string outcome, long elapsedMs);

    [LoggerMessage(3007, LogLevel.Error, "DLedger log failed; appends are refused until restart")]
    public static partial void LogFailed(ILogger logger, Exception error);

    [LoggerMessage(3008, LogLevel.Warning, "Free disk space {FreeBytes} B under {MinFreeBytes} B at {Path}: refusing appends")]
    public static partial void DiskFull(ILogger logger, long freeBytes, long minFreeBytes, string path);

    [LoggerMessage(3009, LogLevel.Warning, "Could not read the metadata of leader {LeaderId}")]
    public static partial void LeaderMetadataUnavailable(ILogger logger, string leaderId, Exception error);

    [LoggerMessage(3010, LogLevel.Debug, "Standby hold for transfer to {TargetId} ended: {Reason}")]
    public static partial void TransferHoldEnded(ILogger logger, string targetId, string reason);
}
