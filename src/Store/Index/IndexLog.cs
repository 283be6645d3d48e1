using Microsoft.Extensions.Logging;

namespace RocketMQ.Store.Index;

/// <summary>Source-generated log messages of the index service; EventIds 4100–4199 are stable.</summary>
internal static partial class IndexLog
{
    [LoggerMessage(4100, LogLevel.Information,
        "Index recovered in {Directory}: {FileCount} files, active {ActiveName} truncated from {DiskIndexCount} to " +
        "{IndexCount} items")]
    public static partial void Recovered(ILogger logger, string directory, int fileCount, string activeName,
        int diskIndexCount, int indexCount);

    [LoggerMessage(4101, LogLevel.Information, "Index recovered in {Directory}: no checkpoint, starting empty")]
    public static partial void RecoveredEmpty(ILogger logger, string directory);

    [LoggerMessage(4102, LogLevel.Information, "Index file {Name} is not named in the checkpoint; deleted")]
    public static partial void UnknownFileDeleted(ILogger logger, string name);

    [LoggerMessage(4103, LogLevel.Warning, "Index file {Name} named in the checkpoint is missing; skipped")]
    public static partial void NamedFileMissing(ILogger logger, string name);

    [LoggerMessage(4104, LogLevel.Warning,
        "Index file {Name}: slot chains past the checkpoint are inconsistent; slots rebuilt from {IndexCount} items")]
    public static partial void SlotsRebuilt(ILogger logger, string name, int indexCount);

    [LoggerMessage(4105, LogLevel.Error,
        "Index file {Name}: corrupted chain at slot {Slot} (item {Item}); queries of this file may miss keys")]
    public static partial void CorruptChain(ILogger logger, string name, int slot, int item);

    [LoggerMessage(4106, LogLevel.Information, "Index file {Name} created (begin offset {BeginPhyOffset})")]
    public static partial void FileCreated(ILogger logger, string name, long beginPhyOffset);

    [LoggerMessage(4107, LogLevel.Information,
        "Index file {Name} deleted by retention (end offset {EndPhyOffset} below {Offset})")]
    public static partial void FileExpired(ILogger logger, string name, long endPhyOffset, long offset);

    [LoggerMessage(4108, LogLevel.Information, "All {FileCount} index files in {Directory} deleted")]
    public static partial void AllDeleted(ILogger logger, int fileCount, string directory);
}
