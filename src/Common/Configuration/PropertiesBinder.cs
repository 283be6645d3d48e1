using System.Globalization;

namespace RocketMQ.Common.Configuration;

/// <summary>
/// Maps RocketMQ properties keys onto an options object: each key has a parser/setter and a formatter, so the
/// same table binds a config file, applies a runtime update and prints the effective configuration (<c>-p</c>).
/// </summary>
/// <typeparam name="TOptions">The options class being bound.</typeparam>
public sealed class PropertiesBinder<TOptions>
{
    private readonly Dictionary<string, Binding> _bindings = new(StringComparer.Ordinal);

    /// <summary>Keys in declaration order.</summary>
    public IReadOnlyCollection<string> Keys => _bindings.Keys;

    /// <summary>Declares a key. <paramref name="runtimeUpdatable"/> says whether an UPDATE_*_CONFIG request may
    /// change it while the server runs.</summary>
    public PropertiesBinder<TOptions> Add<TValue>(
        string key, Func<TOptions, TValue> get, Action<TOptions, TValue> set, bool runtimeUpdatable = false)
        where TValue : notnull
    {
        _bindings[key] = new Binding(
            options => Format(get(options)),
            (options, text) => set(options, Parse<TValue>(key, text)),
            runtimeUpdatable);
        return this;
    }

    /// <summary>True when <paramref name="key"/> is known.</summary>
    public bool Contains(string key) => _bindings.ContainsKey(key);

    /// <summary>True when <paramref name="key"/> may change at run time.</summary>
    public bool IsRuntimeUpdatable(string key) => _bindings.TryGetValue(key, out var b) && b.RuntimeUpdatable;

    /// <summary>Applies every known key; returns the unknown keys (hosts warn about them).</summary>
    /// <exception cref="ConfigurationException">A value that does not parse, naming its key.</exception>
    public List<string> Bind(TOptions options, IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var unknown = new List<string>();
        foreach (var (key, value) in properties)
        {
            if (_bindings.TryGetValue(key, out var binding))
            {
                binding.Set(options, value.Trim());
            }
            else
            {
                unknown.Add(key);
            }
        }

        return unknown;
    }

    /// <summary>The effective configuration as ordered key/value pairs.</summary>
    public IEnumerable<KeyValuePair<string, string>> Describe(TOptions options)
    {
        foreach (var (key, binding) in _bindings)
        {
            yield return KeyValuePair.Create(key, binding.Get(options));
        }
    }

    private static string Format<TValue>(TValue value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    private static TValue Parse<TValue>(string key, string text)
    {
        object? parsed = typeof(TValue) switch
        {
            var t when t == typeof(string) => text,
            var t when t == typeof(int) =>
                int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            var t when t == typeof(long) =>
                long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            var t when t == typeof(bool) => text.ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => null,
            },
            _ => throw new NotSupportedException($"no parser for {typeof(TValue).Name}"),
        };
        return parsed is TValue value
            ? value
            : throw new ConfigurationException(key, $"'{text}' is not a valid {Describe(typeof(TValue))}");
    }

    private static string Describe(Type type) =>
        type == typeof(bool) ? "boolean (true/false)" : type == typeof(string) ? "string" : "integer";

    private sealed record Binding(Func<TOptions, string> Get, Action<TOptions, string> Set, bool RuntimeUpdatable);
}
