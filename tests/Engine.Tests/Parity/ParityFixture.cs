using System.Text.Json;
using Tuner.Engine.Models;
using Tuner.Engine.Tests.Support;

namespace Tuner.Engine.Tests.Parity;

/// <summary>One PyTorch reference case (see ../shared/fixtures/pytorch-parity/README.md), flattened.</summary>
internal sealed class ParityFixture
{
    public required string Name { get; init; }
    public required CellType Cell { get; init; }
    public required int InputSize { get; init; }
    public required int Hidden { get; init; }
    public required int Layers { get; init; }
    public required int Batch { get; init; }
    public required int Steps { get; init; }
    public required Dictionary<string, double[]> Weights { get; init; }
    public required double[] X { get; init; }          // [B][T][D]
    public required double[] Y { get; init; }          // [B]
    public required double[] Outputs { get; init; }    // [B][T][H]
    public required double[] Predictions { get; init; }
    public required double Loss { get; init; }
    public required Dictionary<string, double[]> Gradients { get; init; }
    public required double LearningRate { get; init; }
    public required double Beta1 { get; init; }
    public required double Beta2 { get; init; }
    public required double Epsilon { get; init; }
    public required Dictionary<string, double[]> WeightsAfterAdam { get; init; }

    /// <summary>The folder named by TUNER_PARITY_FIXTURES, else ../shared/fixtures/pytorch-parity
    /// beside the repository, else the copy of those fixtures kept in this test project.</summary>
    public static string Folder()
    {
        var configured = Environment.GetEnvironmentVariable("TUNER_PARITY_FIXTURES");
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, RepositoryPaths.Root);
        var shared = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "fixtures", "pytorch-parity"));
        return Directory.Exists(shared) ? shared : Path.Combine(RepositoryPaths.Root, "tests", "Engine.Tests", "Fixtures", "pytorch-parity");
    }

    /// <summary>Fixtures generated here with make_fixtures.py's second set (larger, odd shapes).</summary>
    public static string ExtraFolder() => Path.Combine(RepositoryPaths.Root, "tests", "Engine.Tests", "Fixtures", "pytorch-parity-extra");

    public static IEnumerable<string> AllFiles()
    {
        foreach (var folder in new[] { Folder(), ExtraFolder() })
            if (Directory.Exists(folder))
                foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
                    yield return file;
    }

    public static ParityFixture Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var adam = root.GetProperty("adam");
        return new ParityFixture
        {
            Name = root.GetProperty("name").GetString()!,
            Cell = root.GetProperty("cell").GetString() == "lstm" ? CellType.Lstm : CellType.Gru,
            InputSize = root.GetProperty("input_size").GetInt32(),
            Hidden = root.GetProperty("hidden_size").GetInt32(),
            Layers = root.GetProperty("num_layers").GetInt32(),
            Batch = root.GetProperty("batch").GetInt32(),
            Steps = root.GetProperty("seq_len").GetInt32(),
            Weights = Tensors(root.GetProperty("weights")),
            X = Flatten(root.GetProperty("x")),
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
