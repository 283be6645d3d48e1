namespace RocketMQ.Store.Config;

/// <summary>What <see cref="ConfigState.Apply"/> did with a record.</summary>
public enum ConfigApplyStatus
{
    /// <summary>The command was valid and is reflected in <see cref="ConfigState.Current"/> (possibly changing
    /// nothing, e.g. deleting an unknown group).</summary>
    Applied,

    /// <summary>A configuration kind whose payload does not decode; the state is unchanged. Every replica decodes
    /// the same bytes the same way, so all of them skip it alike.</summary>
    Malformed,

    /// <summary>Not a configuration record kind (e.g. messages); the state is unchanged.</summary>
    NotAConfigKind,
}

/// <summary>The tables an applied command changed.</summary>
[Flags]
public enum ConfigTables
{
    None = 0,
    Topics = 1,
    Groups = 2,
    Offsets = 4,
}

/// <summary>The outcome of applying one record.</summary>
/// <param name="Status">Whether the record was applied.</param>
/// <param name="Changed">Tables whose content or version changed (the broker re-registers with the name server
/// when <see cref="ConfigTables.Topics"/> is set, as RocketMQ does after a topic change).</param>
/// <param name="DeletedTopic">For an applied TopicDelete, the topic named, whether or not it had a
/// configuration: the store removes its queues (RocketMQ's <c>cleanUnusedTopic</c>). Null otherwise.</param>
public readonly record struct ConfigApplyResult(ConfigApplyStatus Status, ConfigTables Changed, string? DeletedTopic)
{
    internal static ConfigApplyResult Malformed => new(ConfigApplyStatus.Malformed, ConfigTables.None, null);

    internal static ConfigApplyResult NotAConfigKind => new(ConfigApplyStatus.NotAConfigKind, ConfigTables.None, null);

    internal static ConfigApplyResult Applied(ConfigTables changed) => new(ConfigApplyStatus.Applied, changed, null);
}
