namespace Tuner.Cli.Tests.Support;

/// <summary>The repository root (the folder holding Tuner.sln).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tuner.sln"))) return dir.FullName;
        throw new InvalidOperationException("Tuner.sln not found");
    }
}
