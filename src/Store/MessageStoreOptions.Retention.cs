using System.Globalization;

namespace RocketMQ.Store;

/// <summary>Retention and disk-space settings of <see cref="MessageStoreOptions"/> (RocketMQ's names and defaults).</summary>
public sealed partial class MessageStoreOptions
{
    /// <summary><c>fileReservedTime</c>: hours a message is kept at least.</summary>
    public int FileReservedTime { get; set; } = 72;

    /// <summary><c>deleteWhen</c>: hours of the day (00–23, <c>;</c>-separated) at which expired data is deleted.</summary>
    public string DeleteWhen { get; set; } = "04";

    /// <summary>
    /// <c>diskMaxUsedSpaceRatio</c>: above this use of the store's disk (percent), expired data is deleted at once
    /// instead of waiting for <see cref="DeleteWhen"/>.
    /// </summary>
    public int DiskMaxUsedSpaceRatio { get; set; } = 75;

    /// <summary>
    /// <c>diskSpaceCleanForciblyRatio</c> (a system property in RocketMQ, a key here): above this use (percent) the
    /// oldest data is deleted even before it expires, when <see cref="CleanFileForciblyEnable"/> is set.
    /// </summary>
    public int DiskSpaceCleanForciblyRatio { get; set; } = 85;

    /// <summary>
    /// <c>diskSpaceWarningLevelRatio</c> (a system property in RocketMQ): above this use (percent) the disk counts as
    /// full — puts are refused with <see cref="Writing.PutMessageStatus.ServiceNotAvailable"/> while reads go on.
    /// </summary>
    public int DiskSpaceWarningLevelRatio { get; set; } = 90;

    /// <summary><c>cleanFileForciblyEnable</c>: allow deleting unexpired data when the disk is nearly full.</summary>
    public bool CleanFileForciblyEnable { get; set; } = true;

    /// <summary><c>cleanResourceInterval</c>: how often retention is evaluated, in ms.</summary>
    public int CleanResourceInterval { get; set; } = 10_000;

    /// <summary>
    /// <c>retentionSnapshotIntervalBytes</c> (ours): how much log is applied between two retention points. Data is
    /// deleted in steps of at most this size (RocketMQ deletes whole 1 GiB CommitLog files); each point costs one
    /// small metadata file.
    /// </summary>
    public long RetentionSnapshotIntervalBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The hours of <see cref="DeleteWhen"/> (valid after <see cref="Validate"/>).</summary>
    public IReadOnlySet<int> DeleteHours { get; private set; } = new HashSet<int>();

    private void ValidateRetention()
    {
        Require(FileReservedTime is >= 0 and <= 24 * 365 * 100, "fileReservedTime", "must be 0..876000 hours");
        Require(DiskMaxUsedSpaceRatio is >= 10 and <= 95, "diskMaxUsedSpaceRatio", "must be 10..95 percent");
        Require(DiskSpaceCleanForciblyRatio is >= 10 and <= 99, "diskSpaceCleanForciblyRatio",
            "must be 10..99 percent");
        Require(DiskSpaceWarningLevelRatio is >= 10 and <= 99, "diskSpaceWarningLevelRatio",
            "must be 10..99 percent");
        Require(CleanResourceInterval is >= 100 and <= 3_600_000, "cleanResourceInterval", "must be 100..3600000 ms");
        Require(RetentionSnapshotIntervalBytes >= 1024 * 1024, "retentionSnapshotIntervalBytes", "must be >= 1 MiB");
        var hours = new HashSet<int>();
        foreach (var item in (DeleteWhen ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            Require(int.TryParse(item.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
                    && hour is >= 0 and <= 23, "deleteWhen", $"'{item}' is not an hour of the day (00..23)");
            hours.Add(hour);
        }

        Require(hours.Count > 0, "deleteWhen", "must name at least one hour (e.g. 04)");
        DeleteHours = hours;
    }
}
