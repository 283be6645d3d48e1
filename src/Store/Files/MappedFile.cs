using System.IO.MemoryMappedFiles;

namespace RocketMQ.Store.Files;

/// <summary>
/// A fixed-size file mapped into memory, read and written through a pointer (as RocketMQ's <c>MappedFile</c>).
/// Created files are fully allocated on disk first (<c>fallocate</c>), so a full disk fails the creation with an
/// <see cref="IOException"/> instead of killing the process with SIGBUS on a later write into a sparse page.
/// </summary>
/// <remarks>
/// <para>Lifetime: reference-counted. The owner holds one reference from creation; readers on other threads
/// <see cref="TryAcquire"/> one around each access. <see cref="Destroy"/> drops the owner's reference and the mapping
/// is unmapped (and, if asked, the file deleted) when the last reference goes, so a reader never touches unmapped
/// memory.</para>
/// <para>Writes are plain memory stores; <see cref="Flush"/> makes them durable (msync). Dirty tracking lets a
/// checkpointer flush only what changed.</para>
/// </remarks>
public sealed unsafe class MappedFile
{
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private int _references = 1;
    private int _dirty;
    private int _destroyed;
    private volatile bool _deleteOnRelease;

    private MappedFile(string path, long size, MemoryMappedViewAccessor view)
    {
        Path = path;
        Size = size;
        _view = view;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
    }

    public string Path { get; }

    /// <summary>The mapped length in bytes.</summary>
    public long Size { get; }

    /// <summary>True once <see cref="Destroy"/> was called.</summary>
    public bool IsDestroyed => Volatile.Read(ref _destroyed) != 0;

    /// <summary>Creates a new file of <paramref name="size"/> bytes, zero-filled and allocated on disk, and maps it.</summary>
    /// <exception cref="IOException">The file exists or the disk cannot hold it.</exception>
    public static MappedFile Create(string path, long size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read,
            PreallocationSize = size,
        };
        try
        {
            using var stream = new FileStream(path, options);
            if (stream.Length < size)
            {
                stream.SetLength(size);
            }

            return Map(path, stream, size);
        }
        catch
        {
            TryDelete(path);
            throw;
        }
    }

    /// <summary>Maps an existing file at its current length.</summary>
    public static MappedFile Open(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        if (stream.Length == 0)
        {
            throw new IOException($"'{path}' is empty");
        }

        return Map(path, stream, stream.Length);
    }

    private static MappedFile Map(string path, FileStream stream, long size)
    {
        // The view keeps the mapping alive on its own; the file handle is closed with the stream, so thousands of
        // mapped queue files do not hold thousands of descriptors.
        using var mapping = MemoryMappedFile.CreateFromFile(stream, null, size, MemoryMappedFileAccess.ReadWrite,
            HandleInheritability.None, leaveOpen: true);
        var view = mapping.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite);
        return new MappedFile(path, size, view);
    }

    /// <summary>Bytes at <paramref name="offset"/>; the caller holds a reference and stays within <see cref="Size"/>.</summary>
    public Span<byte> Span(long offset, int length)
    {
        if ((ulong)offset > (ulong)Size || (ulong)length > (ulong)(Size - offset))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{offset}+{length} is outside {Path} ({Size} bytes)");
        }

        return new Span<byte>(_pointer + offset, length);
    }

    /// <summary>Takes a reference for a read; false when the file is being destroyed.</summary>
    public bool TryAcquire()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0 && !IsDestroyed)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Returns a reference taken by <see cref="TryAcquire"/>.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Unmap();
        }
    }

    /// <summary>Records that the mapping was written since the last <see cref="Flush"/>.</summary>
    public void MarkDirty() => Volatile.Write(ref _dirty, 1);

    public bool IsDirty => Volatile.Read(ref _dirty) != 0;

    /// <summary>Writes dirty pages to disk (msync); a no-op when nothing changed or the file is going away.</summary>
    public void Flush()
    {
        if (Interlocked.Exchange(ref _dirty, 0) == 0 || !TryAcquire())
        {
            return;
        }

        try
        {
            _view.Flush();
        }
        catch
        {
            MarkDirty();
            throw;
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Drops the owner's reference; the mapping goes once no reader holds it, and the file is deleted then when
    /// <paramref name="deleteFile"/> is set. Idempotent.
    /// </summary>
    public void Destroy(bool deleteFile)
    {
        _deleteOnRelease = deleteFile;
        if (Interlocked.Exchange(ref _destroyed, 1) == 0)
        {
            Release();
        }
    }

    private void Unmap()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        if (_deleteOnRelease)
        {
            TryDelete(Path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next start's directory scan (it removes files no checkpoint knows).
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
