using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using RocketMQ.Store.Index;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Index;

/// <summary>One message as the index sees it.</summary>
internal sealed record IndexedMessage(string Topic, string? UniqueKey, string? Keys, long Offset, long StoreTimestamp,
    int TransactionType = 0);

/// <summary>A unique directory under the temp path, deleted with everything in it.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rmq-index-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string[] FileNames() =>
        [.. Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).OfType<string>()];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped by a leaked reader; the temp directory is cleaned by the OS.
        }
    }
}

/// <summary>Keeps the event ids of what was logged.</summary>
internal sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(int EventId, string Message)> Entries { get; } = new();

    public int Count(int eventId) => Entries.Count(e => e.EventId == eventId);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter) => Entries.Enqueue((eventId.Id, formatter(state, exception)));
}

internal static class IndexTestKit
{
    /// <summary>Indexes a message through the public entry point, as the applier would.</summary>
    public static void Apply(this IndexService service, IndexedMessage message)
    {
        var topic = Encoding.UTF8.GetBytes(message.Topic);
        var properties = new IndexedProperties
        {
            UniqueKey = message.UniqueKey is null ? [] : Encoding.UTF8.GetBytes(message.UniqueKey),
            Keys = message.Keys is null ? [] : Encoding.UTF8.GetBytes(message.Keys),
        };
        service.BuildIndex(topic, properties, message.Offset, message.StoreTimestamp, message.TransactionType);
    }

    public static void ApplyAll(this IndexService service, IEnumerable<IndexedMessage> messages)
    {
        foreach (var message in messages)
        {
            service.Apply(message);
        }
    }

    /// <summary>Every file of a directory, by name, with its bytes.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string directory)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(directory))
        {
            files[Path.GetFileName(path)] = File.ReadAllBytes(path);
        }

        return files;
    }

    /// <summary>Asserts two directories hold the same files byte for byte, naming the first difference.</summary>
    public static void AssertSameFiles(string expectedDirectory, string actualDirectory, string context)
    {
        var expected = Snapshot(expectedDirectory);
        var actual = Snapshot(actualDirectory);
        Assert.True(expected.Keys.SequenceEqual(actual.Keys),
            $"{context}: files [{string.Join(", ", expected.Keys)}] expected, " +
            $"[{string.Join(", ", actual.Keys)}] found");
        foreach (var (name, bytes) in expected)
        {
            var other = actual[name];
            var difference = bytes.AsSpan().CommonPrefixLength(other);
            Assert.True(difference == bytes.Length && bytes.Length == other.Length,
                $"{context}: {name} differs at byte {difference} (of {bytes.Length})");
        }
    }
}

/// <summary>Raw access to an index file on disk, for building damage and checking layout.</summary>
internal sealed class IndexFileBytes(string path, int hashSlotNum)
{
    public string Path { get; } = path;

    public static long SlotPosition(int slot) => IndexHeader.Size + (4L * slot);

    public long ItemPosition(int index) => IndexHeader.Size + (4L * hashSlotNum) + (20L * index);

    public IndexHeader Header() => IndexHeader.Read(Read(0, IndexHeader.Size));

    public int Slot(int slot) => BinaryPrimitives.ReadInt32BigEndian(Read(SlotPosition(slot), 4));

    public (int KeyHash, long PhyOffset, int TimeDiff, int Prev) Item(int index)
    {
        var bytes = Read(ItemPosition(index), 20);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(4)),
            BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12)),
            BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
    }

    public void WriteSlot(int slot, int value) => WriteInt32(SlotPosition(slot), value);

    public void WriteItemPrev(int index, int value) => WriteInt32(ItemPosition(index) + 16, value);

    public void WriteItemHash(int index, int value) => WriteInt32(ItemPosition(index), value);

    public void WriteInt32(long position, int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        Write(position, bytes);
    }

    // Plain file I/O: on Linux it goes through the page cache the service's mapping shares, so a live service sees it.
    public void Write(long position, byte[] bytes)
    {
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        RandomAccess.Write(handle, bytes, position);
    }

    public byte[] Read(long position, int length)
    {
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[length];
        var read = RandomAccess.Read(handle, bytes, position);
        Assert.Equal(length, read);
        return bytes;
    }
}
