using System.Globalization;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;

namespace RocketMQ.Broker.Admin;

/// <summary>
/// GET_BROKER_RUNTIME_INFO (28): a KVTable (<c>{"table":{…}}</c>) with the keys of Java's prepareRuntimeInfo that
/// this broker measures honestly — version, uptime, put/get totals and rates (<see cref="BrokerStats"/>), commit-log
/// bounds, disk use — plus the member's Raft view under <c>raft*</c> keys. Keys for machinery this broker does not
/// have (thread-pool queues, page-cache lock, transient store pool) are left out rather than faked; Java's tools
/// print what is missing as blank.
/// </summary>
internal sealed class RuntimeInfoProcessor(BrokerContext context, BrokerStats stats) : IRequestProcessor
{
    /// <summary>MQVersion.Version.V4_9_8, the version this broker behaves as.</summary>
    public const string VersionDescription = "V4_9_8";

    public static int[] Codes => [RequestCode.GetBrokerRuntimeInfo];

    public ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken)
    {
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = RemotingJson.Serialize(new KvTable { Table = Collect() }, RemotingJsonContext.Default.KvTable);
        return ValueTask.FromResult<RemotingCommand?>(response);
    }

    /// <summary>The table's content.</summary>
    public Dictionary<string, string> Collect()
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["brokerVersion"] = Format(RemotingVersion.Current),
            ["brokerVersionDesc"] = VersionDescription,
        };
        stats.Describe(table);

        // Commit-log offsets here are (Raft index << 23 | position): the bounds are the first offset of the oldest
        // entry retention kept and the first offset after the last applied entry (Java: min and max physical offset).
        var store = context.Store;
        var oldestIndex = (store.Snapshot?.Index ?? 0) + 1;
        table["commitLogMinOffset"] = Format(CommitLogOffset.FirstOfEntry(oldestIndex));
        table["commitLogMaxOffset"] = Format(CommitLogOffset.FirstOfEntry(store.AppliedIndex + 1));
        var options = context.Options;
        AddDisk(table, "commitLogDiskRatio",
            options.StorePathCommitLog ?? Path.Combine(options.StorePathRootDir, "commitlog"), withCapacity: true);
        AddDisk(table, "consumeQueueDiskRatio", options.StorePathRootDir, withCapacity: false);

        var state = context.Log.State;
        table["raftSelfId"] = context.Log.SelfId;
        table["raftRole"] = state.Role.ToString();
        table["raftTerm"] = Format(state.Term);
        table["raftLeaderId"] = state.LeaderId ?? "";
        table["raftLeaderAddress"] = state.LeaderAddress ?? "";
        table["raftLastAppliedIndex"] = Format(context.Log.LastAppliedIndex);
        table["brokerId"] = Format(context.CurrentBrokerId);
        return table;
    }

    private static void AddDisk(Dictionary<string, string> table, string key, string path, bool withCapacity)
    {
        try
        {
            // The deepest existing directory of the path (the log's may not exist before its first chunk).
            var directory = Path.GetFullPath(path);
            while (!Directory.Exists(directory) && Path.GetDirectoryName(directory) is { } parent)
            {
                directory = parent;
            }

            var drive = new DriveInfo(directory);
            if (drive.TotalSize <= 0)
            {
                return;
            }

            // UtilAll.getDiskPartitionSpaceUsedPercent: the used share of the partition, 0..1.
            table[key] = (1.0 - ((double)drive.AvailableFreeSpace / drive.TotalSize))
                .ToString("0.0###", CultureInfo.InvariantCulture);
            if (withCapacity)
            {
                table["commitLogDirCapacity"] =
                    $"Total : {HumanReadable(drive.TotalSize)}, Free : {HumanReadable(drive.AvailableFreeSpace)}.";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // An unreadable volume leaves the key out; the other keys still answer.
        }
    }

    // MixAll.humanReadableByteCount(bytes, si = false): binary units with one decimal.
    private static string HumanReadable(long bytes)
    {
        if (bytes < 1024)
        {
            return Format(bytes) + " B";
        }

        var exponent = (int)(Math.Log(bytes) / Math.Log(1024));
        return string.Create(CultureInfo.InvariantCulture,
            $"{bytes / Math.Pow(1024, exponent):0.0} {"KMGTPE"[exponent - 1]}iB");
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
