using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using RocketMQ.Common.Configuration;

namespace RocketMQ.NameServer.KvConfig;

/// <summary>
/// Namespace → key → value, persisted after every change to <c>kvConfig.json</c> in Java's format
/// (<c>{"configTable":{ns:{k:v}}}</c>). A write goes to a temp file that is fsynced and renamed over the old
/// file (rename is atomic), after the previous version is copied to <c>.bak</c>; a crash leaves either the old
/// or the new file, never a torn one.
/// </summary>
/// <remarks>Thread-safe; changes are persisted under the lock so the file never goes back in time.</remarks>
public sealed class KvConfigManager
{
    private readonly object _lock = new();
    private readonly string _path;
    private readonly ILogger _logger;
    private Dictionary<string, Dictionary<string, string>> _table = new(StringComparer.Ordinal);

    public KvConfigManager(string path, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _logger = logger;
    }

    /// <summary>Loads the file if it exists.</summary>
    /// <exception cref="ConfigurationException">The file exists but cannot be read or is not valid (names
    /// kvConfigPath and the path): never silently replaced by an empty table.</exception>
    public void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        try
        {
            var wrapper = JsonSerializer.Deserialize(
                File.ReadAllBytes(_path), KvConfigJsonContext.Default.KvConfigFile);
            var table = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            foreach (var (ns, pairs) in wrapper?.ConfigTable ?? [])
            {
                table[ns] = new Dictionary<string, string>(pairs, StringComparer.Ordinal);
            }

            lock (_lock)
            {
                _table = table;
            }
        }
        catch (JsonException e)
        {
            throw new ConfigurationException("kvConfigPath", $"{_path} is not a valid kvConfig.json: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException("kvConfigPath", $"cannot read {_path}: {e.Message}");
        }
    }

    /// <exception cref="IOException">The file could not be written; the table is unchanged.</exception>
    public void Put(string @namespace, string key, string value)
    {
        lock (_lock)
        {
            var next = CopyTable();
            if (!next.TryGetValue(@namespace, out var pairs))
            {
                pairs = new Dictionary<string, string>(StringComparer.Ordinal);
                next[@namespace] = pairs;
            }

            pairs[key] = value;
            CommitLocked(next);
        }

        NameServerLog.KvChanged(_logger, "put", @namespace, key);
    }

    /// <summary>Removes a key; removing an absent key is not an error (as in Java).</summary>
    /// <exception cref="IOException">The file could not be written; the table is unchanged.</exception>
    public void Delete(string @namespace, string key)
    {
        lock (_lock)
        {
            if (!_table.TryGetValue(@namespace, out var current) || !current.ContainsKey(key))
            {
                return;
            }

            var next = CopyTable();
            var pairs = next[@namespace];
            pairs.Remove(key);
            if (pairs.Count == 0)
            {
                next.Remove(@namespace);
            }

            CommitLocked(next);
        }

        NameServerLog.KvChanged(_logger, "delete", @namespace, key);
    }

    public string? Get(string @namespace, string key)
    {
        lock (_lock)
        {
            return _table.TryGetValue(@namespace, out var pairs) ? pairs.GetValueOrDefault(key) : null;
        }
    }

    /// <summary>A copy of the namespace's pairs, or null when it has none.</summary>
    public Dictionary<string, string>? GetNamespace(string @namespace)
    {
        lock (_lock)
        {
            return _table.TryGetValue(@namespace, out var pairs) && pairs.Count > 0
                ? new Dictionary<string, string>(pairs, StringComparer.Ordinal)
                : null;
        }
    }

    // Copy-on-write: the new table becomes visible only once it is durably on disk, so a failed write (disk full,
    // permissions) leaves memory and file agreeing. KV tables are small; copying them is cheap.
    private Dictionary<string, Dictionary<string, string>> CopyTable()
    {
        var copy = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (ns, pairs) in _table)
        {
            copy[ns] = new Dictionary<string, string>(pairs, StringComparer.Ordinal);
        }

        return copy;
    }

    private void CommitLocked(Dictionary<string, Dictionary<string, string>> next)
    {
        PersistLocked(next);
        _table = next;
    }

    private void PersistLocked(Dictionary<string, Dictionary<string, string>> table)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new KvConfigFile { ConfigTable = table },
            KvConfigJsonContext.Default.KvConfigFile);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }

        if (File.Exists(_path))
        {
            File.Copy(_path, _path + ".bak", overwrite: true);
        }

        File.Move(temp, _path, overwrite: true);
    }
}

/// <summary>The file layout Java's KVConfigSerializeWrapper uses.</summary>
internal sealed class KvConfigFile
{
    public Dictionary<string, Dictionary<string, string>> ConfigTable { get; set; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(KvConfigFile))]
internal sealed partial class KvConfigJsonContext : JsonSerializerContext;
