using System.Globalization;
using System.Net;
using RocketMQ.Common.Configuration;

namespace RocketMQ.Store;

/// <summary>
/// The message store's settings under the <c>broker.conf</c> keys RocketMQ's <c>MessageStoreConfig</c> uses, with
/// RocketMQ's defaults. The host binds them; <see cref="Validate"/> names the key of the first bad value.
/// </summary>
public sealed partial class MessageStoreOptions
{
    /// <summary><c>storePathRootDir</c>: projections (consumequeue/, index/), checkpoints and config/ live here.</summary>
    public string StorePathRootDir { get; set; } = "";

    /// <summary><c>mappedFileSizeConsumeQueue</c>: bytes per ConsumeQueue file (300,000 units of 20 bytes).</summary>
    public int MappedFileSizeConsumeQueue { get; set; } = 300_000 * 20;

    /// <summary><c>messageIndexEnable</c>: build Index files for KEYS and UNIQ_KEY.</summary>
    public bool MessageIndexEnable { get; set; } = true;

    /// <summary><c>maxHashSlotNum</c>: hash slots per Index file.</summary>
    public int MaxHashSlotNum { get; set; } = 5_000_000;

    /// <summary><c>maxIndexNum</c>: items per Index file.</summary>
    public int MaxIndexNum { get; set; } = 5_000_000 * 4;

    /// <summary><c>maxMessageSize</c>: the largest body a put accepts, in bytes.</summary>
    public int MaxMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary><c>maxMsgsNumBatch</c>: most messages a key query returns.</summary>
    public int MaxMsgsNumBatch { get; set; } = 64;

    /// <summary><c>flushIntervalConsumeQueue</c>: how often projections are flushed and checkpointed, in ms.</summary>
    public int FlushIntervalConsumeQueue { get; set; } = 1000;

    /// <summary><c>maxTransferBytesOnMessageInMemory</c>: byte budget of one get when the data is hot.</summary>
    public int MaxTransferBytesOnMessageInMemory { get; set; } = 256 * 1024;

    /// <summary><c>maxTransferCountOnMessageInMemory</c>: message budget of one get when the data is hot.</summary>
    public int MaxTransferCountOnMessageInMemory { get; set; } = 32;

    /// <summary><c>maxTransferBytesOnMessageInDisk</c>: byte budget of one get reading cold data.</summary>
    public int MaxTransferBytesOnMessageInDisk { get; set; } = 64 * 1024;

    /// <summary><c>maxTransferCountOnMessageInDisk</c>: message budget of one get reading cold data.</summary>
    public int MaxTransferCountOnMessageInDisk { get; set; } = 8;

    /// <summary>
    /// <c>accessMessageInMemoryMaxRatio</c>: data further behind the log's end than this share of physical memory
    /// counts as cold (smaller get budgets, and pulls are steered to a follower).
    /// </summary>
    public int AccessMessageInMemoryMaxRatio { get; set; } = 40;

    /// <summary><c>messageDelayLevel</c>: the delay of each level, from level 1 (units s, m, h, d).</summary>
    public string MessageDelayLevel { get; set; } = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    /// <summary>
    /// The address written as STOREHOST into every message (the broker's <c>brokerIP1:listenPort</c>); part of
    /// <c>offsetMsgId</c>.
    /// </summary>
    public IPEndPoint StoreHost { get; set; } = new(IPAddress.Loopback, 10911);

    /// <summary>The delay of each level in milliseconds, index 0 = level 1 (valid after <see cref="Validate"/>).</summary>
    public IReadOnlyList<long> DelayLevelMillis { get; private set; } = [];

    /// <summary>Where ConsumeQueue files live.</summary>
    public string ConsumeQueueDirectory => Path.Combine(StorePathRootDir, "consumequeue");

    /// <summary>Where Index files live.</summary>
    public string IndexDirectory => Path.Combine(StorePathRootDir, "index");

    /// <summary>Where topics.json, subscriptionGroup.json and consumerOffset.json are written.</summary>
    public string ConfigDirectory => Path.Combine(StorePathRootDir, "config");

    /// <summary>Where the projections' checkpoint and the retention snapshots live.</summary>
    public string CheckpointDirectory => Path.Combine(StorePathRootDir, "checkpoint");

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ConfigurationException">The first invalid setting, keyed by its broker.conf name.</exception>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(StorePathRootDir), "storePathRootDir", "must be set");
        Require(MappedFileSizeConsumeQueue >= 20 * 16 && MappedFileSizeConsumeQueue % 20 == 0,
            "mappedFileSizeConsumeQueue", "must be a multiple of 20 (the unit size) and at least 320");
        Require(MaxHashSlotNum is >= 16 and <= 100_000_000, "maxHashSlotNum", "must be 16..100000000");
        Require(MaxIndexNum >= 16 && (40L + (4L * MaxHashSlotNum) + (20L * MaxIndexNum)) < int.MaxValue,
            "maxIndexNum", "must be at least 16, and an Index file (40 + 4 x maxHashSlotNum + 20 x maxIndexNum bytes) "
            + "must stay under 2 GiB");
        Require(MaxMessageSize is >= 1024 and <= Common.Messages.CommitLogOffset.MaxEntryBytes / 2, "maxMessageSize",
            "must be 1 KiB..4 MiB (a message must fit in one log entry)");
        Require(MaxMsgsNumBatch is >= 1 and <= 10_000, "maxMsgsNumBatch", "must be 1..10000");
        Require(FlushIntervalConsumeQueue is >= 10 and <= 600_000, "flushIntervalConsumeQueue",
            "must be 10..600000 ms");
        Require(MaxTransferBytesOnMessageInMemory >= 1024, "maxTransferBytesOnMessageInMemory", "must be >= 1024");
        Require(MaxTransferCountOnMessageInMemory >= 1, "maxTransferCountOnMessageInMemory", "must be >= 1");
        Require(MaxTransferBytesOnMessageInDisk >= 1024, "maxTransferBytesOnMessageInDisk", "must be >= 1024");
        Require(MaxTransferCountOnMessageInDisk >= 1, "maxTransferCountOnMessageInDisk", "must be >= 1");
        Require(AccessMessageInMemoryMaxRatio is >= 1 and <= 100, "accessMessageInMemoryMaxRatio", "must be 1..100");
        Require(StoreHost is not null && StoreHost.Port is > 0 and <= 65535, "brokerIP1",
            "the store host (brokerIP1:listenPort) must be set");
        DelayLevelMillis = ParseDelayLevels(MessageDelayLevel);
        ValidateRetention();
    }

    /// <summary>Parses <c>messageDelayLevel</c> ("1s 5s … 2h").</summary>
    public static IReadOnlyList<long> ParseDelayLevels(string text)
    {
        var levels = new List<long>();
        foreach (var item in (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var unit = item[^1] switch
            {
                's' => 1000L,
                'm' => 60_000L,
                'h' => 3_600_000L,
                'd' => 86_400_000L,
                _ => 0L,
            };
            if (unit == 0 || !long.TryParse(item.AsSpan(0, item.Length - 1), NumberStyles.None,
                    CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            {
                throw new ConfigurationException("messageDelayLevel",
                    $"'{item}' is not a delay (a positive number followed by s, m, h or d)");
            }

            levels.Add(amount * unit);
        }

        Require(levels.Count is >= 1 and <= 64, "messageDelayLevel", "must list 1..64 delays");
        return levels;
    }

    private static void Require(bool condition, string key, string message)
    {
        if (!condition)
        {
            throw new ConfigurationException(key, message);
        }
    }
}
