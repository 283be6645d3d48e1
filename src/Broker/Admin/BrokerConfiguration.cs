using RocketMQ.Common.Configuration;

namespace RocketMQ.Broker.Admin;

/// <summary>
/// The broker's effective configuration as GET_BROKER_CONFIG (26) reports it and UPDATE_BROKER_CONFIG (25) changes it
/// (RocketMQ's Configuration object): the <c>broker.conf</c> keys of <see cref="BrokerOptions.Binder"/> as properties
/// text, and a data version that moves on every accepted update. Registered in <see cref="BrokerContext"/> by the admin
/// module; other modules may subscribe to <see cref="Updated"/>.
/// </summary>
/// <remarks>
/// <para>Only keys the binder marks runtime-updatable may change; an update is all-or-nothing and is validated as a
/// whole (a copy of the options with the new values must pass <see cref="BrokerOptions.Validate"/>) before the live
/// options change. The change is this member's alone (each member has its own broker.conf) and lasts until restart:
/// hosts own files, so nothing is written back to broker.conf (Java rewrites it).</para>
/// <para>Thread-safety: updates are serialized; readers of <see cref="BrokerOptions"/> see each key change
/// atomically (single property writes).</para>
/// </remarks>
public sealed class BrokerConfiguration
{
    private readonly BrokerOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _versionTimestamp;
    private long _versionCounter;

    public BrokerConfiguration(BrokerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _versionTimestamp = time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    /// <summary>Raised after an accepted update, with the keys that were set (on the updating thread; handlers must
    /// not block or throw).</summary>
    public event Action<IReadOnlyCollection<string>>? Updated;

    /// <summary>The configuration's data version: (timestamp of the last update in ms, updates so far).</summary>
    public (long Timestamp, long Counter) Version
    {
        get
        {
            lock (_lock)
            {
                return (_versionTimestamp, _versionCounter);
            }
        }
    }

    /// <summary>Every key with its current value, one <c>key=value</c> line each (MixAll.properties2String).</summary>
    public string Describe()
    {
        lock (_lock)
        {
            return JavaProperties.Write(BrokerOptions.Binder.Describe(_options));
        }
    }

    /// <summary>
    /// Applies <paramref name="properties"/> when every key is known and runtime-updatable and the result validates;
    /// otherwise changes nothing and says why, naming the key.
    /// </summary>
    public ConfigUpdateResult Update(IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var binder = BrokerOptions.Binder;
        foreach (var key in properties.Keys)
        {
            if (!binder.Contains(key))
            {
                return new ConfigUpdateResult(ConfigUpdateStatus.UnknownKey, $"unknown broker config key '{key}'");
            }

            if (!binder.IsRuntimeUpdatable(key))
            {
                return new ConfigUpdateResult(ConfigUpdateStatus.NotUpdatable,
                    $"broker config key '{key}' cannot change while the broker runs; set it in broker.conf and " +
                    "restart the broker");
            }
        }

        if (properties.Count == 0)
        {
            return ConfigUpdateResult.Applied;
        }

        lock (_lock)
        {
            try
            {
                // Validate a copy first, so a bad value (or a bad combination) never reaches the live options.
                var candidate = Copy(_options);
                binder.Bind(candidate, properties);
                candidate.Validate();
                binder.Bind(_options, properties);
            }
            catch (ConfigurationException e)
            {
                return new ConfigUpdateResult(ConfigUpdateStatus.InvalidValue, e.Message);
            }

            _versionTimestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
            _versionCounter++;
        }

        Updated?.Invoke([.. properties.Keys]);
        return ConfigUpdateResult.Applied;
    }

    private static BrokerOptions Copy(BrokerOptions options)
    {
        var binder = BrokerOptions.Binder;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in binder.Describe(options))
        {
            // Unset optional keys (storePathCommitLog, dLegerPeers, …) print as empty: leaving them out keeps them
            // unset in the copy; every other empty value equals its default.
            if (value.Length > 0)
            {
                values[key] = value;
            }
        }

        var copy = new BrokerOptions();
        binder.Bind(copy, values);
        return copy;
    }
}

/// <summary>What an UPDATE_BROKER_CONFIG did.</summary>
public enum ConfigUpdateStatus
{
    /// <summary>Every key was set.</summary>
    Applied,

    /// <summary>A key the broker does not know; nothing changed.</summary>
    UnknownKey,

    /// <summary>A key that only broker.conf (and a restart) may change; nothing changed.</summary>
    NotUpdatable,

    /// <summary>A value that does not parse, or a result that fails validation; nothing changed.</summary>
    InvalidValue,
}

/// <summary>The outcome of <see cref="BrokerConfiguration.Update"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Remark">Why nothing changed, naming the key (null when applied).</param>
public sealed record ConfigUpdateResult(ConfigUpdateStatus Status, string? Remark)
{
    public static readonly ConfigUpdateResult Applied = new(ConfigUpdateStatus.Applied, null);
}
