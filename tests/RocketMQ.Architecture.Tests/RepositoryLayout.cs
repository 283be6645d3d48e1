using System.Xml.Linq;

namespace RocketMQ.Architecture.Tests;

/// <summary>Finds the repository root and reads the src/ project files.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string SourceDirectory => Path.Combine(Root, "src");

    /// <summary>Every src/&lt;Folder&gt;/*.csproj as (folder, path).</summary>
    public static IEnumerable<(string Folder, string ProjectPath)> SourceProjects()
    {
        foreach (var directory in Directory.EnumerateDirectories(SourceDirectory))
        {
            foreach (var project in Directory.EnumerateFiles(directory, "*.csproj"))
            {
                yield return (Path.GetFileName(directory), project);
            }
        }
    }

    /// <summary>The src/ folders a project references (ProjectReference items resolved to folder names).</summary>
    public static IEnumerable<string> ReferencedSourceFolders(string projectPath)
    {
        var projectDirectory = Path.GetDirectoryName(projectPath)!;
        foreach (var include in Items(projectPath, "ProjectReference"))
        {
            var referenced = Path.GetFullPath(Path.Combine(projectDirectory, include.Replace('\\', '/')));
            var relative = Path.GetRelativePath(SourceDirectory, referenced);
            yield return relative.StartsWith("..", StringComparison.Ordinal)
                ? "outside src: " + referenced
                : relative.Split(Path.DirectorySeparatorChar)[0];
        }
    }

    public static IEnumerable<string> PackageReferences(string projectPath) => Items(projectPath, "PackageReference");

    private static IEnumerable<string> Items(string projectPath, string itemName) =>
        XDocument.Load(projectPath)
            .Descendants()
            .Where(e => e.Name.LocalName == itemName)
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null;
             directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RocketMQ.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("RocketMQ.sln not found above " + AppContext.BaseDirectory);
    }
}
