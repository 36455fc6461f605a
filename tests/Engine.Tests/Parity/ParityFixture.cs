using System.Text.Json;
using Tuner.Engine.Models;
using static Tuner.Engine.Tests.Parity.ParityFixtureFolders;

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

    public static readonly ParityFixtureFolders Files = new("TUNER_PARITY_FIXTURES", "pytorch-parity", "pytorch-parity-extra");

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
            Weights = NamedTensors(root.GetProperty("weights")),
            X = Flatten(root.GetProperty("x")),
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
