using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tuner.Contracts.Jobs;

/// <summary>The parts of a job spec that alter the search, as canonical JSON; its digest; and the
/// differences between two specs. A job resumes only when nothing here differs (PRODUCT.md "Resuming").</summary>
/// <remarks>Included: <see cref="SpecFields.AlteringSearch"/> (the search space with its order: it decides the
/// random draws), with defaults that depend on the search space resolved. Inline CSV content enters as its SHA-256, so the difference message stays short.</remarks>
public static class JobSpecFingerprint
{
    /// <summary>The search-relevant canonical JSON of <paramref name="spec"/>.</summary>
    public static JsonObject SearchPart(JobSpec spec)
    {
        var full = JobSpecWriter.ToNode(spec);
        var part = new JsonObject();
        foreach (var field in SpecFields.AlteringSearch)
            if (full[field] is { } node)
                part[field] = node.DeepClone();
        // A default that depends on the search space is compared resolved: numInitialPoints left out or written at its
        // value is the same search.
        if (spec.Algorithm is BayesianSpec { NumInitialPoints: null } bayesian)
            part[SpecFields.Algorithm] = JobSpecWriter.Algorithm(bayesian with { NumInitialPoints = bayesian.InitialPoints(spec.SearchSpace) });
        // A hyperparameter's default is what tuner train uses; no algorithm reads it, so changing it alters no search.
        if (part[SpecFields.SearchSpace] is JsonObject space)
            foreach (var (_, parameter) in space)
                (parameter as JsonObject)?.Remove(SpecFields.Default);
        if (part[SpecFields.Data] is JsonObject data && data[SpecFields.Content] is { } content)
            data[SpecFields.Content] = "sha256:" + Sha256(content.GetValue<string>());
        return part;
    }

    /// <summary>"sha256:" and the hex SHA-256 of <see cref="SearchPart"/>.</summary>
    public static string Of(JobSpec spec) => "sha256:" + Sha256(SearchPart(spec).ToJsonString());

    /// <summary>One line per differing path, <c>path: was X, now Y</c> (<paramref name="before"/> is the stored spec).</summary>
    public static IReadOnlyList<string> Differences(JobSpec before, JobSpec after)
    {
        var was = Flatten(SearchPart(before));
        var now = Flatten(SearchPart(after));
        var lines = new List<string>();
        foreach (var (path, value) in was)
        {
            if (!now.TryGetValue(path, out var other)) lines.Add($"{path}: was {value}, now absent");
            else if (other != value) lines.Add(Difference(path, value, other));
        }
        foreach (var (path, value) in now)
            if (!was.ContainsKey(path)) lines.Add($"{path}: was absent, now {value}");

        var namesBefore = before.SearchSpace.Parameters.Select(p => p.Name).ToList();
        var namesAfter = after.SearchSpace.Parameters.Select(p => p.Name).ToList();
        if (!namesBefore.SequenceEqual(namesAfter) && namesBefore.Order().SequenceEqual(namesAfter.Order()))
            lines.Add($"searchSpace: order was {string.Join(", ", namesBefore)}, now {string.Join(", ", namesAfter)} (the order decides the random draws)");
        return lines;
    }

    /// <summary><c>path: was X, now Y</c>; but a data file's path in a stored spec is its content's id
    /// (<see cref="Protocol.BlobProtocol.Ids.Dataset"/>), so two ids mean the file's contents changed, whatever its name.</summary>
    private static string Difference(string path, string was, string now)
    {
        var datasetId = $"\"{Protocol.BlobProtocol.Ids.Dataset("")}";
        return path == $"{SpecFields.Data}.{SpecFields.Path}" && was.StartsWith(datasetId, StringComparison.Ordinal) && now.StartsWith(datasetId, StringComparison.Ordinal)
            ? $"{SpecFields.Data}: the data file's contents changed since the job started (the job keeps the data as it was then)"
            : $"{path}: was {was}, now {now}";
    }

    /// <summary>Leaf values by path, in document order; an object or array that differs shows up at its leaves.</summary>
    private static Dictionary<string, string> Flatten(JsonNode node)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(node, "", leaves);
        return leaves;

        static void Walk(JsonNode? node, string path, Dictionary<string, string> leaves)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj)
                        Walk(child, path.Length == 0 ? key : $"{path}.{key}", leaves);
                    break;
                case JsonArray array:
                    leaves[path + ".length"] = array.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    for (var i = 0; i < array.Count; i++)
                        Walk(array[i], $"{path}[{i}]", leaves);
                    break;
                default:
                    leaves[path] = node?.ToJsonString() ?? "null";
                    break;
            }
        }
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
