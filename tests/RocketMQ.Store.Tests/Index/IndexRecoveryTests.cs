using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Store.Checkpoint;
using RocketMQ.Store.Index;

namespace RocketMQ.Store.Tests.Index;

public class IndexRecoveryTests
{
    private const long T = 1_700_000_000_000;

    /// <summary>
    /// Random keys, a checkpoint at a random message: the recovered directory equals one that never got the later
    /// messages, byte for byte, and goes on to equal it again after both receive the rest.
    /// </summary>
    [Property(MaxTest = 50)]
    public Property Recovery_is_byte_identical_to_never_receiving_the_later_items(int seed)
    {
        var random = new Random(seed);
        var hashSlotNum = random.Next(1, 9);
        var indexNum = random.Next(2, 12);
        var messages = IndexQueryTests.RandomMessages(random, random.Next(0, 60));
        var cut = random.Next(0, messages.Count + 1);
        var context = $"seed {seed} ({hashSlotNum} slots, {indexNum} items, {messages.Count} messages, cut {cut})";
        using var recovered = new TempDirectory();
        using var reference = new TempDirectory();

        var checkpoint = Build(recovered.Path, hashSlotNum, indexNum, messages[..cut], messages[cut..]);
        var referenceCheckpoint = Build(reference.Path, hashSlotNum, indexNum, messages[..cut], []);
        using (var service = new IndexService(recovered.Path, hashSlotNum, indexNum, NullLogger.Instance))
        {
            service.Recover(RoundTrip(checkpoint));
        }

        IndexTestKit.AssertSameFiles(reference.Path, recovered.Path, context + ", after recovery");
        Continue(recovered.Path, hashSlotNum, indexNum, checkpoint, messages[cut..]);
        Continue(reference.Path, hashSlotNum, indexNum, referenceCheckpoint, messages[cut..]);
        IndexTestKit.AssertSameFiles(reference.Path, recovered.Path, context + ", after the rest");
        return true.Label(context);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_torn_tail_past_the_checkpoint_is_repaired(int seed)
    {
        var random = new Random(seed);
        var messages = IndexQueryTests.RandomMessages(random, 40);
        using var recovered = new TempDirectory();
        using var reference = new TempDirectory();
        var checkpoint = Build(recovered.Path, 8, 64, messages[..20], messages[20..]);
        Build(reference.Path, 8, 64, messages[..20], []);
        var file = new IndexFileBytes(Path.Combine(recovered.Path, checkpoint.FileNames[^1]), 8);

        // The writer died inside the next item: its bytes are garbage and no slot names it (slots are only stored
        // after their item is complete). The header on disk is garbage too.
        var count = file.Header().IndexCount;
        file.Write(file.ItemPosition(count), RandomBytes(random, 20 * Math.Min(3, 64 - count)));
        file.Write(0, RandomBytes(random, IndexHeader.Size));

        Recover(recovered.Path, 8, 64, checkpoint);
        IndexTestKit.AssertSameFiles(reference.Path, recovered.Path, $"seed {seed}");
    }

    [Fact]
    public void A_slot_naming_a_garbage_item_makes_recovery_rebuild_the_slots()
    {
        using var recovered = new TempDirectory();
        using var reference = new TempDirectory();
        var before = Keys(0, "b c d e");
        var checkpoint = Build(recovered.Path, 4, 64, before, Keys(1, "b f"));
        Build(reference.Path, 4, 64, before, []);
        var file = new IndexFileBytes(Path.Combine(recovered.Path, checkpoint.FileNames[0]), 4);
        file.WriteItemHash(6, -77); // item 6 ("a#f", slot 0 with "a#b") lost its hash; slot 0 still names it
        var logger = new RecordingLogger();

        Recover(recovered.Path, 4, 64, checkpoint, logger);

        IndexTestKit.AssertSameFiles(reference.Path, recovered.Path, "garbage item");
        Assert.Equal(1, logger.Count(4104));
    }

    [Fact]
    public void A_lost_item_page_is_caught_by_the_slot_count_and_the_slots_rebuilt()
    {
        using var recovered = new TempDirectory();
        using var reference = new TempDirectory();
        var before = Keys(0, "b c");
        var checkpoint = Build(recovered.Path, 4, 64, before, Keys(1, "b"));
        Build(reference.Path, 4, 64, before, []);
        var file = new IndexFileBytes(Path.Combine(recovered.Path, checkpoint.FileNames[0]), 4);
        Assert.Equal((3, 1), (file.Slot(0), file.Item(3).Prev)); // "a#b" again, linked to item 1

        // The page holding item 3's link never reached the disk: following the slot back would wrongly empty it.
        file.WriteItemPrev(3, 0);
        var logger = new RecordingLogger();
        Recover(recovered.Path, 4, 64, checkpoint, logger);

        IndexTestKit.AssertSameFiles(reference.Path, recovered.Path, "lost page");
        Assert.Equal(1, logger.Count(4104));
    }

    [Fact]
    public void Files_the_checkpoint_does_not_name_are_deleted_and_other_files_kept()
    {
        using var directory = new TempDirectory();
        var checkpoint = Build(directory.Path, 4, 3, Keys(0, "b c d"), Keys(1, "b c d e"));
        File.WriteAllText(Path.Combine(directory.Path, "README"), "not an index file");
        Assert.Equal(4, directory.FileNames().Length - 1);

        var logger = new RecordingLogger();
        Recover(directory.Path, 4, 3, checkpoint, logger);

        Assert.Equal([.. checkpoint.FileNames, "README"], directory.FileNames());
        Assert.Equal(2, logger.Count(4102));
        Recover(directory.Path, 4, 3, null);
        Assert.Equal(["README"], directory.FileNames());
    }

    [Fact]
    public void A_missing_older_file_is_skipped_and_a_missing_active_file_refused()
    {
        using var directory = new TempDirectory();
        var checkpoint = Build(directory.Path, 4, 3, Keys(0, "b c d e f"), []);
        Assert.Equal(3, checkpoint.FileNames.Count);
        File.Delete(Path.Combine(directory.Path, checkpoint.FileNames[0]));

        using (var service = new IndexService(directory.Path, 4, 3, NullLogger.Instance))
        {
            service.Recover(checkpoint);
            Assert.Equal(checkpoint.FileNames.Skip(1), service.FileNames);
            Assert.Equal([4L], service.Query("a", "f", 10, 0, long.MaxValue).CommitLogOffsets);
        }

        File.Delete(Path.Combine(directory.Path, checkpoint.FileNames[^1]));
        using var again = new IndexService(directory.Path, 4, 3, NullLogger.Instance);
        Assert.Throws<InvalidDataException>(() => again.Recover(checkpoint));
        Assert.Empty(again.FileNames);
    }

    [Fact]
    public void A_file_of_another_geometry_is_refused()
    {
        using var directory = new TempDirectory();
        var checkpoint = Build(directory.Path, 4, 8, Keys(0, "b"), []);

        using var service = new IndexService(directory.Path, 8, 8, NullLogger.Instance);
        Assert.Throws<InvalidDataException>(() => service.Recover(checkpoint));
    }

    [Fact]
    public void Checkpoints_round_trip_and_damaged_ones_are_refused()
    {
        var checkpoint = new IndexCheckpoint(["20231114221320000", "20231114221330500"],
            new IndexHeader(T, T + 1, 5, 6, 7, 8));
        var back = RoundTrip(checkpoint);
        Assert.Equal(checkpoint.FileNames, back.FileNames);
        Assert.Equal(checkpoint.ActiveHeader, back.ActiveHeader);
        Assert.Equal(IndexHeader.Empty, RoundTrip(IndexCheckpoint.Empty).ActiveHeader);

        var writer = new StateWriter();
        checkpoint.WriteTo(writer);
        var bytes = writer.ToArray();
        Assert.Throws<InvalidDataException>(() => Read(bytes[..^1]));
        bytes[3] = 2; // version
        Assert.Throws<InvalidDataException>(() => Read(bytes));
        Assert.Throws<ArgumentException>(() => new IndexCheckpoint(["../../etc/passwd"], IndexHeader.Empty));
        Assert.Throws<ArgumentException>(
            () => new IndexCheckpoint(["20231114221320000", "20231114221320000"], IndexHeader.Empty));
        Assert.Throws<ArgumentException>(
            () => new IndexCheckpoint(["20231114221320000"], IndexHeader.Empty with { IndexCount = 0 }));
    }

    private static IndexCheckpoint Read(byte[] bytes)
    {
        var reader = new StateReader(bytes);
        return IndexCheckpoint.ReadFrom(ref reader);
    }

    internal static IndexCheckpoint RoundTrip(IndexCheckpoint checkpoint)
    {
        var writer = new StateWriter();
        checkpoint.WriteTo(writer);
        var reader = new StateReader(writer.WrittenSpan);
        var back = IndexCheckpoint.ReadFrom(ref reader);
        reader.EnsureEnd();
        return back;
    }

    /// <summary>Applies <paramref name="before"/>, captures, applies <paramref name="after"/>; returns the capture.
    /// </summary>
    internal static IndexCheckpoint Build(string directory, int hashSlotNum, int indexNum,
        IEnumerable<IndexedMessage> before, IEnumerable<IndexedMessage> after)
    {
        using var service = new IndexService(directory, hashSlotNum, indexNum, NullLogger.Instance);
        service.Recover(null);
        service.ApplyAll(before);
        var checkpoint = service.Capture();
        service.ApplyAll(after);
        service.FlushDirty();
        return checkpoint;
    }

    private static void Continue(string directory, int hashSlotNum, int indexNum, IndexCheckpoint checkpoint,
        IEnumerable<IndexedMessage> messages)
    {
        using var service = new IndexService(directory, hashSlotNum, indexNum, NullLogger.Instance);
        service.Recover(checkpoint);
        service.ApplyAll(messages);
    }

    private static void Recover(string directory, int hashSlotNum, int indexNum, IndexCheckpoint? checkpoint,
        RecordingLogger? logger = null)
    {
        using var service = new IndexService(directory, hashSlotNum, indexNum,
            logger ?? (Microsoft.Extensions.Logging.ILogger)NullLogger.Instance);
        service.Recover(checkpoint);
    }

    /// <summary>One message per key (topic "a"), offsets rising from <paramref name="start"/> * 100.</summary>
    private static List<IndexedMessage> Keys(int start, string keys) =>
        [.. keys.Split(' ').Select((key, i) => new IndexedMessage("a", null, key, (start * 100) + i, T + (i * 1000)))];

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
