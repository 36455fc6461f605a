namespace Tuner.Engine.Tests.Support;

/// <summary>Finds the repository root (the folder holding Tuner.sln) from the test binaries.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tuner.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Tuner.sln not found above {AppContext.BaseDirectory}");
    }
}
