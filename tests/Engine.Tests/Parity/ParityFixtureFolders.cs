using System.Text.Json;
using Tuner.Engine.Tests.Support;

namespace Tuner.Engine.Tests.Parity;

/// <summary>Where one format's PyTorch fixtures are: the folder named by <paramref name="Variable"/> (relative to the
/// repository), else ../shared/fixtures/<paramref name="Name"/> beside the repository, else the copy kept in this test
/// project; plus <paramref name="ExtraName"/>, fixtures generated here on more shapes (Fixtures/README.md).</summary>
internal sealed record ParityFixtureFolders(string Variable, string Name, string ExtraName)
{
    public string Folder()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, RepositoryPaths.Root);
        var shared = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "fixtures", Name));
        return Directory.Exists(shared) ? shared : Path.Combine(RepositoryPaths.Root, "tests", "Engine.Tests", "Fixtures", Name);
    }

    public string ExtraFolder() => Path.Combine(RepositoryPaths.Root, "tests", "Engine.Tests", "Fixtures", ExtraName);

    public IEnumerable<string> AllFiles()
    {
        foreach (var folder in new[] { Folder(), ExtraFolder() })
            if (Directory.Exists(folder))
                foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
                    yield return file;
    }

    /// <summary>Every fixture as "folder/file.json", a theory's case names.</summary>
    public TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var file in AllFiles()) data.Add(Path.GetFileName(Path.GetDirectoryName(file)) + "/" + Path.GetFileName(file));
        return data;
    }

    /// <summary>The file of case <paramref name="caseName"/>.</summary>
    public string File(string caseName) => AllFiles().Single(f => f.EndsWith(caseName, StringComparison.Ordinal));

    /// <summary>Each property of <paramref name="obj"/> as a flattened tensor.</summary>
    public static Dictionary<string, double[]> NamedTensors(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => Flatten(p.Value), StringComparer.Ordinal);

    /// <summary>A nested JSON array, row-major.</summary>
    public static double[] Flatten(JsonElement element)
    {
        var values = new List<double>();
        Walk(element, values);
        return [.. values];

        static void Walk(JsonElement e, List<double> into)
        {
            if (e.ValueKind == JsonValueKind.Array) foreach (var item in e.EnumerateArray()) Walk(item, into);
            else into.Add(e.GetDouble());
        }
    }
}
