using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Store.Index;

namespace RocketMQ.Store.Tests.Index;

public sealed class IndexRetentionTests : IDisposable
{
    private const long T = 1_700_000_000_000;
    private readonly TempDirectory _directory = new();
    private readonly IndexService _service;

    public IndexRetentionTests()
    {
        // 7 items per file: offsets 10..70 | 80..140 | 150..210 | 220..280 | 290..300 (active).
        _service = new IndexService(_directory.Path, 16, 8, NullLogger.Instance);
        _service.Recover(null);
        for (var i = 1; i <= 30; i++)
        {
            _service.Apply(new IndexedMessage("t", null, "k", i * 10, T + (i * 1000)));
        }
    }

    public void Dispose()
    {
        _service.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Files_ending_below_the_offset_are_deleted_oldest_first()
    {
        var names = _service.FileNames;
        Assert.Equal(5, names.Count);

        Assert.Equal(0, _service.DeleteFilesBelow(70)); // the first file ends at 70 itself
        Assert.Equal(2, _service.DeleteFilesBelow(150));

        Assert.Equal(names.Skip(2), _service.FileNames);
        Assert.Equal(names.Skip(2), _directory.FileNames());
        Assert.Equal(names.Skip(2), _service.Capture().FileNames);
        var offsets = _service.Query("t", "k", 100, 0, long.MaxValue).CommitLogOffsets;
        Assert.Equal(Enumerable.Range(15, 16).Reverse().Select(i => i * 10L), offsets);
    }

    [Fact]
    public void The_active_file_is_never_deleted()
    {
        var active = _service.FileNames[^1];

        Assert.Equal(4, _service.DeleteFilesBelow(long.MaxValue));
        Assert.Equal(0, _service.DeleteFilesBelow(long.MaxValue));

        Assert.Equal([active], _service.FileNames);
        Assert.Equal([300L, 290L], _service.Query("t", "k", 100, 0, long.MaxValue).CommitLogOffsets);
    }

    [Fact]
    public void Delete_all_empties_the_directory_and_indexing_starts_over()
    {
        _service.DeleteAll();

        Assert.Empty(_directory.FileNames());
        Assert.Empty(_service.Capture().FileNames);
        Assert.Empty(_service.Query("t", "k", 100, 0, long.MaxValue).CommitLogOffsets);

        _service.Apply(new IndexedMessage("t", null, "k", 5, T)); // below the old end offset: a fresh start
        Assert.Equal([5L], _service.Query("t", "k", 100, 0, long.MaxValue).CommitLogOffsets);
        Assert.Equal(["20231114221320000"], _directory.FileNames());
    }

    [Fact]
    public void Flushing_cleans_every_dirty_file()
    {
        Assert.Equal(5, _service.DirtyFileCount);
        _service.FlushDirty();
        Assert.Equal(0, _service.DirtyFileCount);

        _service.Apply(new IndexedMessage("t", null, "k", 310, T + 31_000));
        Assert.Equal(1, _service.DirtyFileCount);
        _service.FlushDirty();
        Assert.Equal(0, _service.DirtyFileCount);
    }
}
