using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace RocketMQ.Store.Files;

/// <summary>
/// Whole-file replacement that a crash cannot tear: RocketMQ's <c>MixAll.string2File</c> (write
/// <c>path.tmp</c>, keep the previous content in <c>path.bak</c>, move the temp file into place) made durable
/// with fsyncs. Used for the JSON config files and the store's checkpoint files.
/// </summary>
/// <remarks>
/// <para>After <see cref="Write"/> returns, the new content is durable under <c>path</c>. If it throws or the
/// machine stops part-way, <c>path</c> holds either the previous or the new content, never a mix and never a
/// partial file, and <c>path.bak</c> (when kept) holds a complete earlier version.</para>
/// <para>Not synchronized: one writer per path at a time (each file has a single owner in the store).</para>
/// </remarks>
public static partial class AtomicFile
{
    /// <summary>Where the previous content is kept: <c>path.bak</c>, as RocketMQ names it.</summary>
    public static string BackupPath(string path) => path + ".bak";

    /// <summary>Where new content is written before it is moved into place: <c>path.tmp</c>.</summary>
    public static string TempPath(string path) => path + ".tmp";

    /// <summary>
    /// Replaces the content of <paramref name="path"/> (creating it and its directory if needed): writes and
    /// fsyncs <c>path.tmp</c>; with <paramref name="keepBackup"/> and an existing file, makes that file
    /// <c>path.bak</c>; renames the temp file over <c>path</c>; fsyncs the directory.
    /// </summary>
    /// <exception cref="IOException">Or <see cref="UnauthorizedAccessException"/>: nothing under
    /// <paramref name="path"/> changed (a failure of the final directory fsync means the rename happened but may
    /// not be durable). The temp file is removed on failure.</exception>
    public static void Write(string path, ReadOnlySpan<byte> content, bool keepBackup)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"{path} names no file", nameof(path));
        Directory.CreateDirectory(directory);
        var temp = TempPath(fullPath);
        try
        {
            // FileMode.Create truncates a temp file a crash left behind.
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (keepBackup && File.Exists(fullPath))
            {
                // On Unix File.Replace hard-links path to path.bak, then renames the temp file over path, so
                // path is never missing (string2File deletes it first and a crash there leaves only .bak/.tmp).
                File.Replace(temp, fullPath, BackupPath(fullPath), ignoreMetadataErrors: true);
            }
            else
            {
                File.Move(temp, fullPath, overwrite: true);
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        // The renames live in the directory: without this a power loss can bring back the old entry.
        SyncDirectory(directory);
    }

    /// <summary>
    /// Reads <paramref name="path"/>, or <c>path.bak</c> when the file does not exist (a crash in RocketMQ's
    /// own string2File, or an operator, can leave only the backup).
    /// </summary>
    /// <returns>False when neither exists. The caller validates the content; a corrupt main file is not
    /// replaced by the backup here (read <see cref="BackupPath"/> to try it).</returns>
    /// <exception cref="IOException">Or <see cref="UnauthorizedAccessException"/>: the file exists but cannot
    /// be read.</exception>
    public static bool TryRead(string path, [NotNullWhen(true)] out byte[]? content, out bool fromBackup)
    {
        fromBackup = false;
        if (TryReadOne(path, out content))
        {
            return true;
        }

        fromBackup = TryReadOne(BackupPath(path), out content);
        return fromBackup;
    }

    private static bool TryReadOne(string path, [NotNullWhen(true)] out byte[]? content)
    {
        try
        {
            content = File.ReadAllBytes(path);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            content = null;
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure is what the caller needs to see; a leftover temp file is truncated next time.
        }
    }

    private static void SyncDirectory(string directory)
    {
        // Windows offers no fsync of a directory handle; NTFS journals the rename itself.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // .NET refuses to open a directory as a file, so this goes to libc (O_RDONLY = 0 everywhere).
        var descriptor = Native.Open(directory, 0);
        if (descriptor < 0)
        {
            throw ErrnoException("open", directory, Marshal.GetLastPInvokeError());
        }

        var result = Native.FSync(descriptor);
        var errno = Marshal.GetLastPInvokeError();
        _ = Native.Close(descriptor);
        if (result != 0)
        {
            throw ErrnoException("fsync", directory, errno);
        }
    }

    private static IOException ErrnoException(string call, string path, int errno) =>
        new($"{call} of directory {path} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
        internal static partial int FSync(int descriptor);

        [LibraryImport("libc", EntryPoint = "close")]
        internal static partial int Close(int descriptor);
    }
}
