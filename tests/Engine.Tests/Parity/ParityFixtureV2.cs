using System.Text.Json;
using Tuner.Engine.Models;
using static Tuner.Engine.Tests.Parity.ParityFixtureFolders;

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

    public static readonly ParityFixtureFolders Files = new("TUNER_PARITY_V2_FIXTURES", "pytorch-parity-v2", "pytorch-parity-v2-extra");

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
            Weights = NamedTensors(root.GetProperty("weights")),
            X = root.TryGetProperty("x", out var x) ? Flatten(x) : null,
            Tokens = root.TryGetProperty("tokens", out var tokens) ? [.. Flatten(tokens).Select(v => (int)v)] : null,
            Y = Flatten(root.GetProperty("y")),
            Outputs = Flatten(root.GetProperty("outputs")),
            Predictions = Flatten(root.GetProperty("pred")),
            Loss = root.GetProperty("loss").GetDouble(),
            Gradients = NamedTensors(root.GetProperty("grads")),
            LearningRate = adam.GetProperty("lr").GetDouble(),
            Beta1 = adam.GetProperty("beta1").GetDouble(),
            Beta2 = adam.GetProperty("beta2").GetDouble(),
            Epsilon = adam.GetProperty("eps").GetDouble(),
            WeightsAfterAdam = NamedTensors(adam.GetProperty("weights_after_one_step")),
        };
    }
}
