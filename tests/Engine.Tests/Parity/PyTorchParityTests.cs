using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Rng;
using Tuner.Engine.Tests.Support;

namespace Tuner.Engine.Tests.Parity;

/// <summary>Every fixture: forward outputs, predictions, loss, every gradient and the weights after
/// one Adam step match PyTorch within 1e-4 of each tensor's largest magnitude.</summary>
public sealed class PyTorchParityTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Fixtures() => ParityFixture.Files.CaseNames();

    [Fact]
    public void The_fixture_folder_holds_fixtures()
    {
        var files = Directory.GetFiles(ParityFixture.Files.Folder(), "*.json");
        Assert.True(files.Length >= 5, $"expected the PyTorch fixtures in {ParityFixture.Files.Folder()}, found {files.Length}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Engine_matches_pytorch(string fixtureName)
    {
        var file = ParityFixture.Files.File(fixtureName);
        var fx = ParityFixture.Load(file);
        var model = new RecurrentModel(new ModelSpec(fx.Cell, fx.InputSize, fx.Hidden, fx.Layers));
        var ps = model.Parameters;
        Assert.Equal(fx.Weights.Keys.Order(StringComparer.Ordinal), ps.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var (name, values) in fx.Weights)
        {
            var target = ps.Value(ps[name]);
            Assert.Equal(values.Length, target.Length);
            for (int i = 0; i < values.Length; i++) target[i] = (float)values[i];
        }

        int b = fx.Batch, t = fx.Steps, d = fx.InputSize, h = fx.Hidden;
        var input = new float[t * b * d];   // time-major [T][B][D] from PyTorch's [B][T][D]
        for (int bi = 0; bi < b; bi++)
            for (int ti = 0; ti < t; ti++)
                for (int di = 0; di < d; di++)
                    input[(ti * b + bi) * d + di] = (float)fx.X[(bi * t + ti) * d + di];
        var targets = fx.Y.Select(v => (float)v).ToArray();

        double loss = model.ComputeGradients(SequenceBatch.OfFeatures(input, t, b), targets, new Xoshiro256StarStar(1)).Loss;

        var outputs = model.TopLayerOutput(t, b);
        var batchMajor = new float[b * t * h];
        for (int ti = 0; ti < t; ti++)
            for (int bi = 0; bi < b; bi++)
                outputs.Slice((ti * b + bi) * h, h).CopyTo(batchMajor.AsSpan((bi * t + ti) * h, h));
        TensorAssert.Close($"{fx.Name} outputs", fx.Outputs, batchMajor, Tolerance);

        var predictions = new float[b];
        model.Predict(SequenceBatch.OfFeatures(input, t, b), predictions);
        TensorAssert.Close($"{fx.Name} pred", fx.Predictions, predictions, Tolerance);
        TensorAssert.Close($"{fx.Name} loss", [fx.Loss], [(float)loss], Tolerance);

        foreach (var (name, expected) in fx.Gradients)
            TensorAssert.Close($"{fx.Name} grad {name}", expected, ps.Gradient(ps[name]), Tolerance);

        var adam = Optimizer.Create(new OptimizerSpec(OptimizerKind.Adam, (float)fx.LearningRate, (float)fx.Beta1, (float)fx.Beta2, (float)fx.Epsilon), ps.Count);
        adam.Step(ps.Values, ps.Gradients);
        foreach (var (name, expected) in fx.WeightsAfterAdam)
            TensorAssert.Close($"{fx.Name} after Adam {name}", expected, ps.Value(ps[name]), Tolerance);
    }
}
