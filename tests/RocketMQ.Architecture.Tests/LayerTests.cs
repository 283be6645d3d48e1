using System.Reflection;

namespace RocketMQ.Architecture.Tests;

/// <summary>Fails when a project references something the layer table in docs/architecture.md forbids.</summary>
public class LayerTests
{
    public static TheoryData<string> SourceProjectFolders()
    {
        var data = new TheoryData<string>();
        foreach (var (folder, _) in RepositoryLayout.SourceProjects())
        {
            data.Add(folder);
        }

        return data;
    }

    [Fact]
    public void Every_source_project_is_in_the_layer_table()
    {
        var unknown = RepositoryLayout.SourceProjects()
            .Select(p => p.Folder)
            .Where(folder => !LayerRules.AllowedProjectReferences.ContainsKey(folder))
            .ToList();

        Assert.True(unknown.Count == 0, "Not in the layer table: " + string.Join(", ", unknown));
    }

    [Theory]
    [MemberData(nameof(SourceProjectFolders))]
    public void Project_references_follow_the_layer_table(string folder)
    {
        var allowed = LayerRules.AllowedProjectReferences.GetValueOrDefault(folder, []);
        foreach (var (_, projectPath) in RepositoryLayout.SourceProjects().Where(p => p.Folder == folder))
        {
            var forbidden = LayerRules.ForbiddenReferences(
                folder, RepositoryLayout.ReferencedSourceFolders(projectPath));

            Assert.True(
                forbidden.Count == 0,
                $"{folder} may reference only [{string.Join(", ", allowed)}] but references " +
                string.Join(", ", forbidden));
        }
    }

    [Theory]
    [MemberData(nameof(SourceProjectFolders))]
    public void Package_references_follow_the_layer_table(string folder)
    {
        var extra = LayerRules.ExtraPackagePrefixes.GetValueOrDefault(folder, []);
        foreach (var (_, projectPath) in RepositoryLayout.SourceProjects().Where(p => p.Folder == folder))
        {
            var forbidden = RepositoryLayout.PackageReferences(projectPath)
                .Where(package => !LayerRules.PlatformPackagePrefixes.Concat(extra)
                    .Any(prefix => package.StartsWith(prefix, StringComparison.Ordinal)))
                .ToList();

            Assert.True(forbidden.Count == 0, $"{folder} may not reference packages {string.Join(", ", forbidden)}");
        }
    }

    [Fact]
    public void Confined_assemblies_are_referenced_only_by_their_owner()
    {
        // Built assemblies are the ground truth: a transitive leak shows up here even when the
        // project file looks clean.
        var violations = new List<string>();
        foreach (var path in Directory.EnumerateFiles(AppContext.BaseDirectory, "RocketMQ.*.dll"))
        {
            var name = AssemblyName.GetAssemblyName(path).Name!;
            if (name.EndsWith(".Tests", StringComparison.Ordinal))
            {
                continue;
            }

            var owner = name["RocketMQ.".Length..];
            foreach (var referenced in Assembly.LoadFrom(path).GetReferencedAssemblies())
            {
                foreach (var (prefix, allowedOwner) in LayerRules.ConfinedAssemblies)
                {
                    if (referenced.Name!.StartsWith(prefix, StringComparison.Ordinal) && owner != allowedOwner)
                    {
                        violations.Add($"{name} references {referenced.Name}");
                    }
                }
            }
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Theory]
    [InlineData("NameServer", "Store")]
    [InlineData("NameServer", "Broker")]
    [InlineData("NameServer", "DLedger")]
    [InlineData("Common", "Remoting")]
    [InlineData("Store", "Broker")]
    [InlineData("Client", "Broker")]
    public void The_checker_rejects_a_forbidden_reference(string folder, string referenced)
    {
        // Canary: the checker itself must reject what the table forbids.
        Assert.Equal([referenced], LayerRules.ForbiddenReferences(folder, [referenced, "Common"]).Except(["Common"]));
    }
}
