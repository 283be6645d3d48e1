using RocketMQ.Common.Configuration;

namespace RocketMQ.Broker;

/// <summary>The broker.conf key table: binds files, applies UPDATE_BROKER_CONFIG and prints <c>-p</c>.</summary>
public sealed partial class BrokerOptions
{
    /// <summary>Every key the broker understands (its own, the store's and the Raft log's).</summary>
    public static PropertiesBinder<BrokerOptions> Binder { get; } = new PropertiesBinder<BrokerOptions>()
        .Add("brokerClusterName", o => o.BrokerClusterName, (o, v) => o.BrokerClusterName = v)
        .Add("brokerName", o => o.BrokerName, (o, v) => o.BrokerName = v)
        .Add("brokerId", o => o.BrokerId, (o, v) => o.BrokerId = v)
        .Add("brokerIP1", o => o.BrokerIP1, (o, v) => o.BrokerIP1 = v)
        .Add("namesrvAddr", o => o.NamesrvAddr, (o, v) => o.NamesrvAddr = v)
        .Add("listenPort", o => o.ListenPort, (o, v) => o.ListenPort = v)
        .Add("bindAddress", o => o.BindAddress, (o, v) => o.BindAddress = v)
        .Add("storePathRootDir", o => o.StorePathRootDir, (o, v) => o.StorePathRootDir = v)
        .Add("storePathCommitLog", o => o.StorePathCommitLog ?? "", (o, v) => o.StorePathCommitLog = v)
        .Add("enableDLegerCommitLog", o => o.EnableDLegerCommitLog, (o, v) => o.EnableDLegerCommitLog = v)
        .Add("dLegerGroup", o => o.DLegerGroup ?? "", (o, v) => o.DLegerGroup = v)
        .Add("dLegerPeers", o => o.DLegerPeers ?? "", (o, v) => o.DLegerPeers = v)
        .Add("dLegerSelfId", o => o.DLegerSelfId, (o, v) => o.DLegerSelfId = v)
        .Add("autoCreateTopicEnable", o => o.AutoCreateTopicEnable, (o, v) => o.AutoCreateTopicEnable = v, true)
        .Add("defaultTopicQueueNums", o => o.DefaultTopicQueueNums, (o, v) => o.DefaultTopicQueueNums = v, true)
        .Add("autoCreateSubscriptionGroup", o => o.AutoCreateSubscriptionGroup,
            (o, v) => o.AutoCreateSubscriptionGroup = v, true)
        .Add("brokerPermission", o => o.BrokerPermission, (o, v) => o.BrokerPermission = v, true)
        .Add("sendMessageThreadPoolNums", o => o.SendMessageThreadPoolNums, (o, v) => o.SendMessageThreadPoolNums = v)
        .Add("pullMessageThreadPoolNums", o => o.PullMessageThreadPoolNums, (o, v) => o.PullMessageThreadPoolNums = v)
        .Add("aclEnable", o => o.AclEnable, (o, v) => o.AclEnable = v)
        .Add("longPollingEnable", o => o.LongPollingEnable, (o, v) => o.LongPollingEnable = v, true)
        .Add("shortPollingTimeMills", o => o.ShortPollingTimeMills, (o, v) => o.ShortPollingTimeMills = v, true)
        .Add("notifyConsumerIdsChangedEnable", o => o.NotifyConsumerIdsChangedEnable,
            (o, v) => o.NotifyConsumerIdsChangedEnable = v, true)
        .Add("registerNameServerPeriod", o => o.RegisterNameServerPeriod, (o, v) => o.RegisterNameServerPeriod = v)
        .Add("registerBrokerTimeoutMills", o => o.RegisterBrokerTimeoutMills,
            (o, v) => o.RegisterBrokerTimeoutMills = v)
        .Add("flushConsumerOffsetInterval", o => o.FlushConsumerOffsetInterval,
            (o, v) => o.FlushConsumerOffsetInterval = v)
        .Add("brokerRole", o => o.BrokerRole, (o, v) => o.BrokerRole = v)
        .Add("flushDiskType", o => o.FlushDiskType, (o, v) => o.FlushDiskType = v)
        // Not runtime-updatable: the canary must be announced by the startup warning, never switched on silently.
        .Add("testOnlyAckBeforeCommit", o => o.TestOnlyAckBeforeCommit, (o, v) => o.TestOnlyAckBeforeCommit = v)
        .Add("mappedFileSizeConsumeQueue", o => o.Store.MappedFileSizeConsumeQueue,
            (o, v) => o.Store.MappedFileSizeConsumeQueue = v)
        .Add("messageIndexEnable", o => o.Store.MessageIndexEnable, (o, v) => o.Store.MessageIndexEnable = v)
        .Add("maxHashSlotNum", o => o.Store.MaxHashSlotNum, (o, v) => o.Store.MaxHashSlotNum = v)
        .Add("maxIndexNum", o => o.Store.MaxIndexNum, (o, v) => o.Store.MaxIndexNum = v)
        .Add("maxMessageSize", o => o.Store.MaxMessageSize, (o, v) => o.Store.MaxMessageSize = v)
        .Add("maxMsgsNumBatch", o => o.Store.MaxMsgsNumBatch, (o, v) => o.Store.MaxMsgsNumBatch = v)
        .Add("flushIntervalConsumeQueue", o => o.Store.FlushIntervalConsumeQueue,
            (o, v) => o.Store.FlushIntervalConsumeQueue = v)
        .Add("maxTransferBytesOnMessageInMemory", o => o.Store.MaxTransferBytesOnMessageInMemory,
            (o, v) => o.Store.MaxTransferBytesOnMessageInMemory = v)
        .Add("maxTransferCountOnMessageInMemory", o => o.Store.MaxTransferCountOnMessageInMemory,
            (o, v) => o.Store.MaxTransferCountOnMessageInMemory = v)
        .Add("maxTransferBytesOnMessageInDisk", o => o.Store.MaxTransferBytesOnMessageInDisk,
            (o, v) => o.Store.MaxTransferBytesOnMessageInDisk = v)
        .Add("maxTransferCountOnMessageInDisk", o => o.Store.MaxTransferCountOnMessageInDisk,
            (o, v) => o.Store.MaxTransferCountOnMessageInDisk = v)
        .Add("accessMessageInMemoryMaxRatio", o => o.Store.AccessMessageInMemoryMaxRatio,
            (o, v) => o.Store.AccessMessageInMemoryMaxRatio = v)
        .Add("messageDelayLevel", o => o.Store.MessageDelayLevel, (o, v) => o.Store.MessageDelayLevel = v)
        .Add("fileReservedTime", o => o.Store.FileReservedTime, (o, v) => o.Store.FileReservedTime = v, true)
        .Add("deleteWhen", o => o.Store.DeleteWhen, (o, v) => o.Store.DeleteWhen = v, true)
        .Add("diskMaxUsedSpaceRatio", o => o.Store.DiskMaxUsedSpaceRatio,
            (o, v) => o.Store.DiskMaxUsedSpaceRatio = v, true)
        .Add("diskSpaceCleanForciblyRatio", o => o.Store.DiskSpaceCleanForciblyRatio,
            (o, v) => o.Store.DiskSpaceCleanForciblyRatio = v)
        .Add("diskSpaceWarningLevelRatio", o => o.Store.DiskSpaceWarningLevelRatio,
            (o, v) => o.Store.DiskSpaceWarningLevelRatio = v)
        .Add("cleanFileForciblyEnable", o => o.Store.CleanFileForciblyEnable,
            (o, v) => o.Store.CleanFileForciblyEnable = v, true)
        .Add("cleanResourceInterval", o => o.Store.CleanResourceInterval, (o, v) => o.Store.CleanResourceInterval = v)
        .Add("retentionSnapshotIntervalBytes", o => o.Store.RetentionSnapshotIntervalBytes,
            (o, v) => o.Store.RetentionSnapshotIntervalBytes = v)
        .Add("dLegerElectionTimeoutMinMs", o => o.DLedger.ElectionTimeoutMinMs,
            (o, v) => o.DLedger.ElectionTimeoutMinMs = v)
        .Add("dLegerElectionTimeoutMaxMs", o => o.DLedger.ElectionTimeoutMaxMs,
            (o, v) => o.DLedger.ElectionTimeoutMaxMs = v)
        .Add("dLegerRequestTimeoutMs", o => o.DLedger.RequestTimeoutMs, (o, v) => o.DLedger.RequestTimeoutMs = v)
        .Add("dLegerReplicationChunkBytes", o => o.DLedger.ReplicationChunkBytes,
            (o, v) => o.DLedger.ReplicationChunkBytes = v)
        .Add("dLegerChunkSizeBytes", o => o.DLedger.ChunkSizeBytes, (o, v) => o.DLedger.ChunkSizeBytes = v)
        .Add("dLegerMaxBatchBytes", o => o.DLedger.MaxBatchBytes, (o, v) => o.DLedger.MaxBatchBytes = v)
        .Add("dLegerMaxInflightBatches", o => o.DLedger.MaxInflightBatches, (o, v) => o.DLedger.MaxInflightBatches = v)
        .Add("preferredLeaderId", o => o.DLedger.PreferredLeaderId ?? "", (o, v) => o.DLedger.PreferredLeaderId = v)
        .Add("dLegerMinFreeDiskBytes", o => o.DLedger.MinFreeDiskBytes, (o, v) => o.DLedger.MinFreeDiskBytes = v);
}
