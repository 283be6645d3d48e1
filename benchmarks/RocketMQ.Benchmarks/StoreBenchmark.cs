using System.Net;
using BenchmarkDotNet.Attributes;
using RocketMQ.Common.Replication;
using RocketMQ.Store;
using RocketMQ.Store.Records;
using RocketMQ.Testing;

namespace RocketMQ.Benchmarks;

/// <summary>
/// The store's two hot paths per 1 KiB message, without Raft or disk flushes in the way: applying committed entries
/// (batch check, queue offset, ConsumeQueue unit, two index keys) and reading them back (ConsumeQueue units → log
/// entry → verified copy with offsets filled in, 32 per get). Both must allocate ~0 B per message: what remains is
/// per entry or per get (one result object, one async state machine), amortized over the messages.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmark
{
    public const int MessagesPerEntry = 1_000;
    public const int MessagesPerGet = 32;
    private const string Topic = "BenchTopic";
    private const int Queues = 4;
    private string _directory = null!;
    private MessageStore _store = null!;
    private InMemoryLogStorage _storage = null!;
    private InMemoryReplicatedLog _log = null!;
    private ReadOnlyMemory<byte> _entry;
    private long _nextIndex;
    private long _readOffset;
    private long _readableEnd;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "store-benchmark-" + Guid.NewGuid().ToString("N"));
        _store = MessageStore.Open(new MessageStoreOptions
        {
            StorePathRootDir = _directory,
            MaxHashSlotNum = 1 << 20,
            MaxIndexNum = 1 << 22,
            FlushIntervalConsumeQueue = 600_000,
        });
        _storage = new InMemoryLogStorage(8 * 1024 * 1024);
        _log = InMemoryReplicatedLog.OpenAsync(_storage, _store).GetAwaiter().GetResult();
        _store.AttachLog(_log);
        _entry = EncodeEntry();

        // Something to read: entries appended, committed and applied through the log.
        _log.AutoCommit = false;
        for (var i = 0; i < 64; i++)
        {
            var appends = Records().Select(r => _log.AppendAsync(r.Kind, r.Payload, null, CancellationToken.None))
                .ToList();
            _nextIndex = _log.CommitPendingAsync().GetAwaiter().GetResult() + 1;
            foreach (var append in appends)
            {
                append.AsTask().GetAwaiter().GetResult();
            }
        }

        _readableEnd = _store.GetMaxOffsetInQueue(Topic, 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Applies one entry of 1,000 single-message records (the state machine's work per message).</summary>
    [Benchmark(OperationsPerInvoke = MessagesPerEntry)]
    public ValueTask Apply() =>
        _store.ApplyAsync(new ReplicatedEntry(_nextIndex++, 1, _entry, MessagesPerEntry, null), CancellationToken.None);

    /// <summary>Reads 32 messages of one queue (the get path's work per message).</summary>
    [Benchmark(OperationsPerInvoke = MessagesPerGet)]
    public async Task<int> Get()
    {
        if (_readOffset + MessagesPerGet > _readableEnd)
        {
            _readOffset = 0;
        }

        using var result = await _store.GetMessagesAsync(Topic, 0, _readOffset, MessagesPerGet);
        _readOffset = result.NextBeginOffset;
        return result.MessageCount;
    }

    private ReadOnlyMemory<byte> EncodeEntry()
    {
        // Apply reads the entry from memory it is handed; the benchmark hands the same bytes with rising indexes.
        var stored = new InMemoryLogStorage(8 * 1024 * 1024).Append(1, [.. Records()]);
        return stored.Payload;
    }

    private static IEnumerable<(RecordKind Kind, byte[] Payload)> Records()
    {
        var host = new IPEndPoint(IPAddress.Loopback, 10911);
        var body = new byte[1024];
        for (var i = 0; i < MessagesPerEntry; i++)
        {
            MessageToStore[] message =
            [
                new()
                {
                    Topic = Topic,
                    QueueId = i % Queues,
                    Properties = $"UNIQ_KEY\u0001{i:X32}\u0002KEYS\u0001order-{i}\u0002TAGS\u0001TagA\u0002",
                    Body = body,
                },
            ];
            var record = new byte[MessageBatchWriter.RecordLength(message, host)];
            MessageBatchWriter.Write(record, message, 1_700_000_000_000 + i, host);
            yield return (StoreRecordKinds.Messages, record);
        }
    }
}
