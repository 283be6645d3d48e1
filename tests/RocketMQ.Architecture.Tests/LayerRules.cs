namespace RocketMQ.Architecture.Tests;

/// <summary>
/// The layer table of docs/architecture.md as data: which src/ projects each project may reference and
/// which package families it may pull in. Change this only together with that table.
/// </summary>
internal static class LayerRules
{
    /// <summary>Project folder under src/ → folders it may reference directly.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedProjectReferences =
        new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Common"] = [],
            ["Remoting"] = ["Common"],
            ["DLedger"] = ["Common"],
            ["Store"] = ["Common"],
            ["Broker"] = ["Store", "DLedger", "Remoting", "Common"],
            ["NameServer"] = ["Remoting", "Common"],
            ["Client"] = ["Remoting", "Common"],
            ["Tools"] = ["Client", "Common"],
        };

    /// <summary>Package id prefixes every project may use (Microsoft-maintained platform extensions).</summary>
    public static readonly string[] PlatformPackagePrefixes =
    [
        "Microsoft.Extensions.",
        "System.",
    ];

    /// <summary>Project folder → extra package id prefixes only it may use.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ExtraPackagePrefixes =
        new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            // Decision 1: DotNext is confined to the DLedger layer; nothing else may see its types.
            ["DLedger"] = ["DotNext"],
            ["Store"] = ["K4os.Hash.xxHash"],
        };

    /// <summary>Assembly name prefixes that only the named project may reference at run time.</summary>
    public static readonly IReadOnlyDictionary<string, string> ConfinedAssemblies =
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DotNext"] = "DLedger",
        };

    /// <summary>The referenced folders that <paramref name="folder"/> may not reference.</summary>
    public static List<string> ForbiddenReferences(string folder, IEnumerable<string> referencedFolders)
    {
        var allowed = AllowedProjectReferences.GetValueOrDefault(folder, []);
        return referencedFolders.Where(referenced => !allowed.Contains(referenced)).ToList();
    }
}
