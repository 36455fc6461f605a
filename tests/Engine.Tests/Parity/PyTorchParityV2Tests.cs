using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Rng;
using Tuner.Engine.Tests.Support;

namespace Tuner.Engine.Tests.Parity;

/// <summary>Every second-format fixture (embedding, bidirectional, sigmoid and softmax heads): top-layer
/// outputs, predictions, loss, every gradient (the embedding table's too) and the weights after one Adam
/// step match PyTorch within 1e-4 of each tensor's largest magnitude. A new fixture file is a new case.</summary>
public sealed class PyTorchParityV2Tests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Fixtures() => ParityFixtureV2.Files.CaseNames();

    [Fact]
    public void The_fixture_folder_holds_fixtures()
    {
        var files = Directory.GetFiles(ParityFixtureV2.Files.Folder(), "*.json");
        Assert.True(files.Length >= 6, $"expected the PyTorch v2 fixtures in {ParityFixtureV2.Files.Folder()}, found {files.Length}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Engine_matches_pytorch(string fixtureName)
    {
        var file = ParityFixtureV2.Files.File(fixtureName);
        var fx = ParityFixtureV2.Load(file);
        var model = new RecurrentModel(fx.Spec);
        var ps = model.Parameters;
        Assert.Equal(fx.Weights.Keys.Order(StringComparer.Ordinal), ps.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var (name, values) in fx.Weights)
        {
            var target = ps.Value(ps[name]);
            Assert.Equal(values.Length, target.Length);
            for (int i = 0; i < values.Length; i++) target[i] = (float)values[i];
        }

        int b = fx.Batch, t = fx.Steps;
        float[] features = [];
        int[] tokens = [];
        if (fx.Tokens is { } ids)
        {
            tokens = new int[t * b];   // time-major [T][B] from PyTorch's [B][T]
            for (int bi = 0; bi < b; bi++)
                for (int ti = 0; ti < t; ti++)
                    tokens[ti * b + bi] = ids[bi * t + ti];
        }
        else
        {
            int d = fx.Spec.InputSize;
            features = new float[t * b * d];
            for (int bi = 0; bi < b; bi++)
                for (int ti = 0; ti < t; ti++)
                    for (int di = 0; di < d; di++)
                        features[(ti * b + bi) * d + di] = (float)fx.X![(bi * t + ti) * d + di];
        }
        SequenceBatch Input() => fx.Tokens is null ? SequenceBatch.OfFeatures(features, t, b) : SequenceBatch.OfTokens(tokens, t, b);
        var targets = fx.Y.Select(v => (float)v).ToArray();

        double loss = model.ComputeGradients(Input(), targets, new Xoshiro256StarStar(1)).Loss;

        int h = fx.Spec.OutputSize;
        var outputs = model.TopLayerOutput(t, b);
        var batchMajor = new float[b * t * h];
        for (int ti = 0; ti < t; ti++)
            for (int bi = 0; bi < b; bi++)
                outputs.Slice((ti * b + bi) * h, h).CopyTo(batchMajor.AsSpan((bi * t + ti) * h, h));
        TensorAssert.Close($"{fx.Name} outputs", fx.Outputs, batchMajor, Tolerance);
        TensorAssert.Close($"{fx.Name} loss", [fx.Loss], [(float)loss], Tolerance);
        foreach (var (name, expected) in fx.Gradients)
            TensorAssert.Close($"{fx.Name} grad {name}", expected, ps.Gradient(ps[name]), Tolerance);

        var predictions = new float[b * fx.Spec.Outputs];
        model.Predict(Input(), predictions);
        TensorAssert.Close($"{fx.Name} pred", fx.Predictions, predictions, Tolerance);

        var adam = Optimizer.Create(new OptimizerSpec(OptimizerKind.Adam, (float)fx.LearningRate, (float)fx.Beta1, (float)fx.Beta2, (float)fx.Epsilon), ps.Count);
        adam.Step(ps.Values, ps.Gradients);
        foreach (var (name, expected) in fx.WeightsAfterAdam)
            TensorAssert.Close($"{fx.Name} after Adam {name}", expected, ps.Value(ps[name]), Tolerance);
    }
}
