using RocketMQ.Store.Checkpoint;

namespace RocketMQ.Store.Index;

/// <summary>
/// What <see cref="IndexService.Recover"/> needs to bring the index back to one point of the applied log: the index
/// files in creation order (the last one is the active file) and the active file's header at that point. Immutable;
/// taken by <see cref="IndexService.Capture"/>.
/// </summary>
public sealed class IndexCheckpoint
{
    // Leading version of the binary form, so the form can evolve without misreading older checkpoints.
    private const int FormatVersion = 1;

    private readonly string[] _fileNames;

    /// <summary>Validates and copies the state.</summary>
    /// <param name="fileNames">Index file names (17 digits, <c>yyyyMMddHHmmssSSS</c>), distinct, oldest first.</param>
    /// <param name="activeHeader">The header of the last file; ignored (and kept as <see cref="IndexHeader.Empty"/>)
    /// when there are no files. Its index count must be at least 1 and its slot count not negative.</param>
    /// <exception cref="ArgumentException">A name or the header is invalid.</exception>
    public IndexCheckpoint(IReadOnlyList<string> fileNames, IndexHeader activeHeader)
    {
        ArgumentNullException.ThrowIfNull(fileNames);
        _fileNames = [.. fileNames];
        ActiveHeader = _fileNames.Length == 0 ? IndexHeader.Empty : activeHeader;
        var problem = Validate(_fileNames, ActiveHeader);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(fileNames));
        }
    }

    /// <summary>No index files: recovering from it deletes every index file.</summary>
    public static IndexCheckpoint Empty { get; } = new([], IndexHeader.Empty);

    /// <summary>Index file names, oldest first; the last is the active file.</summary>
    public IReadOnlyList<string> FileNames => _fileNames;

    /// <summary>The active file's header; <see cref="IndexHeader.Empty"/> when there are no files.</summary>
    public IndexHeader ActiveHeader { get; }

    /// <summary>Writes the binary form: version, names, then the six header fields.</summary>
    public void WriteTo(StateWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(FormatVersion);
        writer.WriteInt32(_fileNames.Length);
        foreach (var name in _fileNames)
        {
            writer.WriteString(name);
        }

        writer.WriteInt64(ActiveHeader.BeginTimestamp);
        writer.WriteInt64(ActiveHeader.EndTimestamp);
        writer.WriteInt64(ActiveHeader.BeginPhyOffset);
        writer.WriteInt64(ActiveHeader.EndPhyOffset);
        writer.WriteInt32(ActiveHeader.HashSlotCount);
        writer.WriteInt32(ActiveHeader.IndexCount);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote, leaving the reader after it.</summary>
    /// <exception cref="InvalidDataException">The input is short, of another version, or not a valid checkpoint.
    /// </exception>
    public static IndexCheckpoint ReadFrom(ref StateReader reader)
    {
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"index checkpoint version {version} is not {FormatVersion}");
        }

        var names = new string[reader.ReadCount(4 + IndexFileName.Length)];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.ReadRequiredString();
        }

        var header = new IndexHeader(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(),
            reader.ReadInt32(), reader.ReadInt32());
        var problem = Validate(names, names.Length == 0 ? IndexHeader.Empty : header);
        return problem is null ? new IndexCheckpoint(names, header) : throw new InvalidDataException(problem);
    }

    private static string? Validate(string[] names, IndexHeader header)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            // Names become paths: only the exact 17-digit form is accepted, never a separator or "..".
            if (!IndexFileName.TryParse(name, out _))
            {
                return $"'{name}' is not an index file name";
            }

            if (!seen.Add(name))
            {
                return $"index file '{name}' is named twice";
            }
        }

        return header.IndexCount < 1 || header.HashSlotCount < 0
            ? $"active index header {header} is impossible"
            : null;
    }
}
