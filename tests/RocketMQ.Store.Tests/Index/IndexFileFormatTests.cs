using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Store.Index;

namespace RocketMQ.Store.Tests.Index;

public class IndexFileFormatTests
{
    private const long T = 1_700_000_000_000; // 2023-11-14T22:13:20.000Z

    // Computed with Java 17 on this machine: ("topic" + "#" + key).hashCode(), then IndexFile.indexKeyHashMethod.
    [Theory]
    [InlineData("TopicTest", "OrderID188", -1231271670, 1231271670)]
    [InlineData("TopicTest", "7F0000010B6C18B4AAC24A8B3C2D0000", -1923999182, 1923999182)]
    [InlineData("a", "b", 94400, 94400)]
    [InlineData("TopicTest", "KoYyAC3k", int.MinValue, 0)] // Math.abs(MIN_VALUE) stays negative: Java maps it to 0
    [InlineData("\u4e3b\u9898", "\u8ba2\u5355-42", -1178814382, 1178814382)]
    [InlineData("TopicTest", "caf\u00e9", -1656227037, 1656227037)]
    [InlineData("emoji", "\ud83d\ude00-key", -858810926, 858810926)] // a surrogate pair: two UTF-16 units
    [InlineData("%RETRY%group", "key with-dash_and.dot", -381874203, 381874203)]
    [InlineData("BenchmarkTest", "negative?", 824364598, 824364598)]
    public void Key_hash_matches_java(string topic, string key, int javaHashCode, int expected)
    {
        Assert.Equal(expected, IndexKeyHash.Positive(javaHashCode));
        Assert.Equal(expected, IndexKeyHash.Of(topic, key));
        Assert.Equal(expected, IndexKeyHash.Of(Encoding.UTF8.GetBytes(topic), Encoding.UTF8.GetBytes(key)));
    }

    [Theory]
    [InlineData(T, "20231114221320000")]
    [InlineData(T + 59_999, "20231114221419999")]
    [InlineData(0L, "19700101000000000")]
    [InlineData(-5L, "19700101000000000")] // clamped: names are never before the epoch
    public void File_names_are_utc_millisecond_timestamps(long timestamp, string expected)
    {
        Assert.Equal(expected, IndexFileName.Format(timestamp));
        Assert.True(IndexFileName.TryParse(expected, out var parsed));
        Assert.Equal(Math.Max(0, timestamp), parsed);
    }

    [Theory]
    [InlineData("2023111422132000")]
    [InlineData("2023111422132000x")]
    [InlineData("20231314221320000")]
    [InlineData("../2311142213200")]
    public void Other_names_are_not_index_files(string name) => Assert.False(IndexFileName.TryParse(name, out _));

    [Fact]
    public void A_small_file_has_the_hand_computed_layout()
    {
        using var directory = new TempDirectory();
        using (var service = new IndexService(directory.Path, hashSlotNum: 4, indexNum: 4, NullLogger.Instance))
        {
            service.Recover(null);

            // "a#b" = 94400 (slot 0), "a#c" = 94401 (slot 1), "a#f" = 94404 (slot 0 again).
            service.Apply(new IndexedMessage("a", null, "b", 1000, T));
            service.Apply(new IndexedMessage("a", null, "c", 2000, T + 1500));
            service.Apply(new IndexedMessage("a", null, "f", 3000, T + 3999));
        }

        var expected = Convert.FromHexString(string.Concat(
            "0000018BCFE56800", "0000018BCFE5779F", "00000000000003E8", "0000000000000BB8", "00000002", "00000004",
            "00000003", "00000002", "00000000", "00000000",
            "00000000" + "0000000000000000" + "00000000" + "00000000", // item 0 is never used
            "000170C0" + "00000000000003E8" + "00000000" + "00000000", // no begin yet: time difference 0
            "000170C1" + "00000000000007D0" + "00000001" + "00000000", // 1.5 s after begin
            "000170C4" + "0000000000000BB8" + "00000003" + "00000001")); // 3.999 s, links back to item 1
        Assert.Equal(["20231114221320000"], directory.FileNames());
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(directory.Path, "20231114221320000")));
    }

    [Fact]
    public void A_rolled_file_starts_from_the_previous_files_end()
    {
        using var directory = new TempDirectory();
        using (var service = new IndexService(directory.Path, hashSlotNum: 4, indexNum: 4, NullLogger.Instance))
        {
            service.Recover(null);
            service.Apply(new IndexedMessage("a", null, "b c f", 3000, T + 3999));
            service.Apply(new IndexedMessage("a", null, "b", 4000, T + 10_500));
        }

        Assert.Equal(["20231114221323999", "20231114221330500"], directory.FileNames());
        var file = new IndexFileBytes(Path.Combine(directory.Path, "20231114221330500"), 4);
        Assert.Equal(new IndexHeader(T + 10_500, T + 10_500, 4000, 4000, 1, 2), file.Header());

        // Java measures the first item against the begin inherited from the previous file (its end, T + 3999),
        // then moves the begin to the item's own time.
        Assert.Equal((94400, 4000L, 6, 0), file.Item(1));
        Assert.Equal(1, file.Slot(0));
    }

    [Fact]
    public void File_names_never_go_backwards_and_stay_unique()
    {
        using var directory = new TempDirectory();
        using var service = new IndexService(directory.Path, hashSlotNum: 4, indexNum: 2, NullLogger.Instance);
        service.Recover(null);

        service.Apply(new IndexedMessage("a", null, "b", 1, T));
        service.Apply(new IndexedMessage("a", null, "b", 2, T)); // same millisecond
        service.Apply(new IndexedMessage("a", null, "b", 3, T - 60_000)); // a clock that stepped back
        service.Apply(new IndexedMessage("a", null, "b", 4, T + 5));

        Assert.Equal(["20231114221320000", "20231114221320001", "20231114221320002", "20231114221320005"],
            service.FileNames);
        Assert.Equal(service.FileNames, directory.FileNames());
    }

    [Fact]
    public void File_names_skip_stray_files_and_disk_errors_reach_the_caller()
    {
        using var directory = new TempDirectory();
        using var service = new IndexService(directory.Path, hashSlotNum: 4, indexNum: 2, NullLogger.Instance);
        service.Recover(null);
        File.WriteAllBytes(Path.Combine(directory.Path, "20231114221320000"), [1]); // left by a failed deletion

        service.Apply(new IndexedMessage("a", null, "b", 1, T));
        Assert.Equal(["20231114221320001"], service.FileNames);

        Directory.Delete(directory.Path, recursive: true);
        Assert.ThrowsAny<IOException>(() => service.Apply(new IndexedMessage("a", null, "b", 2, T + 10)));
        Assert.Equal(["20231114221320001"], service.FileNames);

        Directory.CreateDirectory(directory.Path);
        service.Apply(new IndexedMessage("a", null, "b", 2, T + 10));
        Assert.Equal(["20231114221320001", "20231114221320010"], service.FileNames);
    }
}
