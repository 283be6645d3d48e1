using Microsoft.Extensions.Logging;

namespace RocketMQ.DLedger.Bench.Node;

/// <summary>Log messages of the bench node host; event ids 9000–9019 are stable.</summary>
internal static partial class NodeLog
{
    [LoggerMessage(9000, LogLevel.Information,
        "Bench node {SelfId} (pid {Pid}) serving clients on {ClientAddress}, log at {Path}")]
    public static partial void Serving(ILogger logger, string selfId, int pid, string clientAddress, string path);

    [LoggerMessage(9001, LogLevel.Information, "Bench node {SelfId} stopping: {Records} records applied")]
    public static partial void Stopping(ILogger logger, string selfId, long records);

    [LoggerMessage(9002, LogLevel.Error, "Bench node {SelfId} failed to start")]
    public static partial void StartFailed(ILogger logger, string selfId, Exception error);
}
