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
        return UsedShare(drive.TotalSize, drive.TotalFreeSpace, drive.AvailableFreeSpace);
    }

    /// <summary>
    /// Used / (used + usable), as <c>df</c>'s Use% and RocketMQ 4.9's getDiskPartitionSpaceUsedPercent: blocks
    /// reserved for another user (ext4's reserve) are neither used by us nor usable, so they do not count. Counting
    /// them as used (1 − usable / total) made a volume with a large reserve look 70 % full while nearly empty, close
    /// to <c>diskMaxUsedSpaceRatio</c>'s clean-up.
    /// </summary>
    internal static double UsedShare(long totalBytes, long freeBytes, long usableBytes)
    {
        var used = totalBytes - freeBytes;
        var entire = used + usableBytes;
        return totalBytes <= 0 || entire <= 0 ? 0 : Math.Clamp((double)used / entire, 0, 1);
    }
}
