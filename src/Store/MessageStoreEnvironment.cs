using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RocketMQ.Store;

/// <summary>What the store takes from its surroundings, so tests can replace each piece (house-style seams).</summary>
public sealed class MessageStoreEnvironment
{
    /// <summary>Store timestamps, checkpoint and retention timers, the <c>deleteWhen</c> hour.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// The used share (0..1) of the volume holding a directory. Defaults to the file system's numbers; tests inject
    /// a full disk.
    /// </summary>
    public Func<string, double> DiskUsage { get; init; } = ReadDiskUsage;

    /// <summary>
    /// How long a message may stay behind the log's end before it counts as cold (RocketMQ: a share of physical
    /// memory); <see cref="GC.GetGCMemoryInfo()"/> reports the machine's or container's memory.
    /// </summary>
    public long PhysicalMemoryBytes { get; init; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    private static double ReadDiskUsage(string directory)
    {
        var drive = new DriveInfo(Path.GetFullPath(directory));
        return drive.TotalSize <= 0 ? 0 : 1.0 - ((double)drive.AvailableFreeSpace / drive.TotalSize);
    }
}
