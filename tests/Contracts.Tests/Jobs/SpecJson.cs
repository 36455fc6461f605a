using System.Text.Json.Nodes;
using Tuner.Contracts.Jobs;

namespace Tuner.Contracts.Tests.Jobs;

/// <summary>The PRODUCT.md §1 example spec, and edits of it by dotted path.</summary>
internal static class SpecJson
{
    public const string Example = """
        {
          "name": "sine-lstm",
          "seed": 42,
          "data": { "kind": "sine", "length": 1000, "noise": 0.1 },
          "window": 10,
          "validationSplit": 0.2,
          "batchSize": 32,
          "model": { "cell": "lstm", "layers": 1, "activation": "tanh" },
          "searchSpace": {
            "units":         { "type": "int",   "min": 32,   "max": 512,  "step": 32 },
            "dropout":       { "type": "float", "min": 0.0,  "max": 0.5,  "step": 0.1 },
            "learning_rate": { "type": "float", "min": 1e-4, "max": 1e-2, "sampling": "log" }
          },
          "objective": "val_loss",
          "algorithm": { "type": "hyperband", "maxEpochs": 50, "factor": 3, "iterations": 1 }
        }
        """;

    public static JsonObject Node() => JsonNode.Parse(Example)!.AsObject();

    /// <summary>The example with <paramref name="path"/> set to the raw JSON <paramref name="value"/> (removed when null).</summary>
    public static string With(string path, string? value) => With(Node(), path, value).ToJsonString();

    public static JsonObject With(JsonObject root, string path, string? value)
    {
        var parts = path.Split('.');
        JsonObject parent = root;
        foreach (var part in parts[..^1])
        {
            if (parent[part] is not JsonObject child)
            {
                child = new JsonObject();
                parent[part] = child;
            }
            parent = child;
        }
        if (value is null) parent.Remove(parts[^1]);
        else parent[parts[^1]] = JsonNode.Parse(value);
        return root;
    }

    public static IReadOnlyList<string> Problems(string json) => JobSpecParser.Validate(json);

    public static IReadOnlyList<string> ProblemsWith(string path, string? value) => Problems(With(path, value));

    public static JobSpec ParseWith(string path, string? value) => JobSpecParser.Parse(With(path, value));
}
