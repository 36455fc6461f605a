using System.Text.Json;
using Tuner.Engine.Models;
using Tuner.Engine.Tests.Support;

namespace Tuner.Engine.Tests.Parity;

/// <summary>One PyTorch reference case of the second format (../shared/fixtures/pytorch-parity-v2/make_fixtures_v2.py):
/// optional embedding, uni- or bidirectional stack, linear/sigmoid/softmax head. Arrays flattened row-major.</summary>
internal sealed class ParityFixtureV2
{
    public required string Name { get; init; }
    public required ModelSpec Spec { get; init; }
    public required int Batch { get; init; }
    public required int Steps { get; init; }
    public required Dictionary<string, double[]> Weights { get; init; }
    public double[]? X { get; init; }                  // [B][T][D]
    public int[]? Tokens { get; init; }                // [B][T]
    public required double[] Y { get; init; }          // [B] (from [B][1] or [B])
    public required double[] Outputs { get; init; }    // [B][T][H or 2H]
    public required double[] Predictions { get; init; }  // [B][K]
    public required double Loss { get; init; }
    public required Dictionary<string, double[]> Gradients { get; init; }
    public required double LearningRate { get; init; }
    public required double Beta1 { get; init; }
    public required double Beta2 { get; init; }
    public required double Epsilon { get; init; }
    public required Dictionary<string, double[]> WeightsAfterAdam { get; init; }

    /// <summary>The folder named by TUNER_PARITY_V2_FIXTURES (relative to the repository), else
    /// ../shared/fixtures/pytorch-parity-v2 beside the repository, else the copy kept in this test project.</summary>
    public static string Folder()
    {
        var configured = Environment.GetEnvironmentVariable("TUNER_PARITY_V2_FIXTURES");
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, RepositoryPaths.Root);
        var shared = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "fixtures", "pytorch-parity-v2"));
        return Directory.Exists(shared) ? shared : Path.Combine(RepositoryPaths.Root, "tests", "Engine.Tests", "Fixtures", "pytorch-parity-v2");
    }

    /// <summary>Fixtures generated here with make_fixtures_v2.py's <c>fixture()</c> on more shapes (Fixtures/README.md).</summary>
    public static string ExtraFolder() => Path.Combine(RepositoryPaths.Root, "tests", "Engine.Tests", "Fixtures", "pytorch-parity-v2-extra");

    public static IEnumerable<string> AllFiles()
    {
        foreach (var folder in new[] { Folder(), ExtraFolder() })
            if (Directory.Exists(folder))
                foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
                    yield return file;
    }

    public static ParityFixtureV2 Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var adam = root.GetProperty("adam");
        string loss = root.GetProperty("loss_fn").GetString()!;
        var head = loss switch
        {
            "mse" => HeadKind.Linear,
            "bce" => HeadKind.Sigmoid,
            "ce" => HeadKind.Softmax,
            _ => throw new InvalidDataException($"{path}: unknown loss_fn '{loss}'"),
        };
        var embedding = root.GetProperty("embedding");
        EmbeddingSpec? embeddingSpec = embedding.ValueKind == JsonValueKind.Null
            ? null
            : new EmbeddingSpec(embedding.GetProperty("vocab").GetInt32(), embedding.GetProperty("dim").GetInt32());
        var spec = new ModelSpec(
            root.GetProperty("cell").GetString() == "lstm" ? CellType.Lstm : CellType.Gru,
            InputSize: embeddingSpec is null ? root.GetProperty("input_size").GetInt32() : 1,
            Units: root.GetProperty("hidden_size").GetInt32(),
            Layers: root.GetProperty("num_layers").GetInt32(),
            Bidirectional: root.GetProperty("bidirectional").GetBoolean(),
            Embedding: embeddingSpec,
            Head: head,
            Classes: head == HeadKind.Softmax ? root.GetProperty("classes").GetInt32() : 0);
        return new ParityFixtureV2
        {
            Name = root.GetProperty("name").GetString()!,
            Spec = spec,
            Batch = root.GetProperty("batch").GetInt32(),
            Steps = root.GetProperty("seq_len").GetInt32(),
            Weights = Tensors(root.GetProperty("weights")),
            X = root.TryGetProperty("x", out var x) ? Flatten(x) : null,
            Tokens = root.TryGetProperty("tokens", out var tokens) ? [.. Flatten(tokens).Select(v => (int)v)] : null,
            Y = Flatten(root.GetProperty("y")),
            Outputs = Flatten(root.GetProperty("outputs")),
            Predictions = Flatten(root.GetProperty("pred")),
            Loss = root.GetProperty("loss").GetDouble(),
            Gradients = Tensors(root.GetProperty("grads")),
            LearningRate = adam.GetProperty("lr").GetDouble(),
            Beta1 = adam.GetProperty("beta1").GetDouble(),
            Beta2 = adam.GetProperty("beta2").GetDouble(),
            Epsilon = adam.GetProperty("eps").GetDouble(),
            WeightsAfterAdam = Tensors(adam.GetProperty("weights_after_one_step")),
        };
    }

    private static Dictionary<string, double[]> Tensors(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => Flatten(p.Value), StringComparer.Ordinal);

    private static double[] Flatten(JsonElement element)
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
