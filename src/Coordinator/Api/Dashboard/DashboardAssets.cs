using System.Collections.Frozen;
using System.Reflection;

namespace Tuner.Coordinator.Api.Dashboard;

/// <summary>The dashboard's files (<c>assets/</c>, embedded in this assembly): served by the coordinator at
/// <c>/</c> and <c>/assets/NAME</c>, and inlined by <see cref="ReportPage"/> into a self-contained report.html.
/// Nothing comes from a CDN: clusters are often offline.</summary>
public static class DashboardAssets
{
    private const string Prefix = "Tuner.Dashboard.";

    private static readonly FrozenDictionary<string, string> Files = Load();

    /// <summary>The file's text, or null when there is no such asset.</summary>
    public static string? Text(string name) => Files.GetValueOrDefault(name);

    /// <summary>The text of an asset that must exist (a packaging mistake otherwise).</summary>
    public static string Required(string name) =>
        Text(name) ?? throw new InvalidOperationException($"dashboard asset {name} is not embedded in {typeof(DashboardAssets).Assembly.GetName().Name}");

    public static IEnumerable<string> Names => Files.Keys;

    /// <summary>The Content-Type to serve an asset with.</summary>
    public static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };

    private static FrozenDictionary<string, string> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            files[resource[Prefix.Length..]] = reader.ReadToEnd();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
