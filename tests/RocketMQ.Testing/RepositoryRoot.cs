namespace RocketMQ.Testing;

/// <summary>The checkout's root (the folder holding RocketMQ.sln), found above the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A path under the root from its parts, e.g. <c>Combine("conf", "dledger")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null;
             directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "RocketMQ.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("RocketMQ.sln not found above " + AppContext.BaseDirectory);
    }
}
