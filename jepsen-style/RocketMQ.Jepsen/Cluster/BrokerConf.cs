namespace RocketMQ.Jepsen.Cluster;

/// <summary>
/// A user's broker.conf (RocketMQ properties: <c>key=value</c>, <c>#</c> comments), read to learn a member's id,
/// ports and peers, and rewritten for the run: its store under the run's directory, the runner's name server and,
/// in namespace mode, every address moved onto the node's own.
/// </summary>
internal sealed class BrokerConf
{
    private readonly List<string> _lines;

    private BrokerConf(string path, List<string> lines)
    {
        Path = path;
        _lines = lines;
    }

    public string Path { get; }

    public static BrokerConf Load(string path) => new(path, [.. File.ReadAllLines(path)]);

    /// <summary>The value of <paramref name="key"/> (last one wins, as java.util.Properties), or null.</summary>
    public string? Get(string key)
    {
        string? value = null;
        foreach (var line in _lines)
        {
            if (Split(line) is { } pair && pair.Key == key)
            {
                value = pair.Value;
            }
        }

        return value;
    }

    /// <summary>The value of a key the run cannot do without.</summary>
    /// <exception cref="InvalidOperationException">It is missing; the message names the file and the key.</exception>
    public string Require(string key) => Get(key) ?? throw new InvalidOperationException(
        $"{Path}: '{key}' is missing (the chaos runner needs it to place the member; see conf/dledger)");

    /// <summary>Replaces or appends <paramref name="key"/>.</summary>
    public void Set(string key, string value)
    {
        _lines.RemoveAll(line => Split(line) is { } pair && pair.Key == key);
        _lines.Add($"{key}={value}");
    }

    public void Save(string path) => File.WriteAllLines(path, _lines);

    private static (string Key, string Value)? Split(string line)
    {
        var text = line.Trim();
        if (text.Length == 0 || text[0] is '#' or '!')
        {
            return null;
        }

        var separator = text.IndexOfAny(['=', ':']);
        return separator <= 0 ? null : (text[..separator].Trim(), text[(separator + 1)..].Trim());
    }
}
