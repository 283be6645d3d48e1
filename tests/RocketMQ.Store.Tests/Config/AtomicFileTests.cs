using RocketMQ.Store.Files;

namespace RocketMQ.Store.Tests.Config;

/// <summary>
/// Whole-file replacement: content, .bak and fallback reads, and failures that leave the old file intact with
/// no partial file under the real name. Tests run as root, which ignores permission bits, so failures come from
/// directories standing where a file must go (EISDIR/ENOTEMPTY stop root as well).
/// </summary>
public sealed class AtomicFileTests : IDisposable
{
    private static readonly byte[] Old = "old content"u8.ToArray();
    private static readonly byte[] New = "new, longer content"u8.ToArray();

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Target => _directory.File("topics.json");

    [Fact]
    public void First_write_creates_the_file_and_its_directory_without_backup_or_temp()
    {
        var path = Path.Combine(_directory.Path, "config", "nested", "file.json");

        AtomicFile.Write(path, New, keepBackup: true);

        Assert.Equal(New, File.ReadAllBytes(path));
        Assert.False(File.Exists(AtomicFile.BackupPath(path)));
        Assert.False(File.Exists(AtomicFile.TempPath(path)));
    }

    [Fact]
    public void Rewrite_keeps_the_previous_content_in_bak()
    {
        AtomicFile.Write(Target, Old, keepBackup: true);
        AtomicFile.Write(Target, New, keepBackup: true);

        Assert.Equal(New, File.ReadAllBytes(Target));
        Assert.Equal(Old, File.ReadAllBytes(AtomicFile.BackupPath(Target)));

        AtomicFile.Write(Target, [], keepBackup: true);

        Assert.Empty(File.ReadAllBytes(Target));
        Assert.Equal(New, File.ReadAllBytes(AtomicFile.BackupPath(Target)));
        Assert.Single(Directory.GetFiles(_directory.Path), f => f.EndsWith(".bak", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_backup_no_bak_is_made()
    {
        AtomicFile.Write(Target, Old, keepBackup: false);
        AtomicFile.Write(Target, New, keepBackup: false);

        Assert.Equal(New, File.ReadAllBytes(Target));
        Assert.False(File.Exists(AtomicFile.BackupPath(Target)));
    }

    [Fact]
    public void A_stale_temp_file_from_a_crash_is_replaced()
    {
        AtomicFile.Write(Target, Old, keepBackup: true);
        File.WriteAllBytes(AtomicFile.TempPath(Target), new byte[4096]);

        AtomicFile.Write(Target, New, keepBackup: true);

        Assert.Equal(New, File.ReadAllBytes(Target));
        Assert.False(File.Exists(AtomicFile.TempPath(Target)));
    }

    [Fact]
    public void Target_that_is_a_directory_fails_and_stays_a_directory_without_temp_left()
    {
        Directory.CreateDirectory(Target);
        File.WriteAllBytes(Path.Combine(Target, "inside"), Old);

        AssertIoFailure(() => AtomicFile.Write(Target, New, keepBackup: false));

        Assert.True(Directory.Exists(Target));
        Assert.Equal(Old, File.ReadAllBytes(Path.Combine(Target, "inside")));
        Assert.False(File.Exists(AtomicFile.TempPath(Target)));
    }

    [Fact]
    public void Failure_to_make_the_backup_leaves_the_old_file_intact()
    {
        AtomicFile.Write(Target, Old, keepBackup: true);
        File.Delete(AtomicFile.BackupPath(Target));
        BlockWithDirectory(AtomicFile.BackupPath(Target));

        AssertIoFailure(() => AtomicFile.Write(Target, New, keepBackup: true));

        Assert.Equal(Old, File.ReadAllBytes(Target));
        Assert.False(File.Exists(AtomicFile.TempPath(Target)));
    }

    [Fact]
    public void Failure_to_write_the_temp_file_leaves_the_old_file_intact()
    {
        AtomicFile.Write(Target, Old, keepBackup: true);
        BlockWithDirectory(AtomicFile.TempPath(Target));

        AssertIoFailure(() => AtomicFile.Write(Target, New, keepBackup: true));

        Assert.Equal(Old, File.ReadAllBytes(Target));
        Assert.False(File.Exists(AtomicFile.BackupPath(Target)));
    }

    [Fact]
    public void TryRead_prefers_the_file_then_the_backup_then_reports_nothing()
    {
        Assert.False(AtomicFile.TryRead(Target, out _, out _));
        Assert.False(AtomicFile.TryRead(Path.Combine(_directory.Path, "missing", "x.json"), out _, out _));

        AtomicFile.Write(Target, Old, keepBackup: true);
        AtomicFile.Write(Target, New, keepBackup: true);
        Assert.True(AtomicFile.TryRead(Target, out var content, out var fromBackup));
        Assert.Equal(New, content);
        Assert.False(fromBackup);

        // What RocketMQ's string2File leaves when it stops between deleting the file and the rename.
        File.Delete(Target);
        Assert.True(AtomicFile.TryRead(Target, out content, out fromBackup));
        Assert.Equal(Old, content);
        Assert.True(fromBackup);
    }

    /// <summary>The documented failure: <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    private static void AssertIoFailure(Action write)
    {
        var error = Record.Exception(write);
        Assert.True(error is IOException or UnauthorizedAccessException, $"expected an I/O failure, got {error}");
    }

    /// <summary>A non-empty directory at <paramref name="path"/>: nothing, root included, can write, unlink or
    /// rename a file over it.</summary>
    private static void BlockWithDirectory(string path)
    {
        Directory.CreateDirectory(path);
        File.WriteAllBytes(Path.Combine(path, "blocker"), [1]);
    }
}
