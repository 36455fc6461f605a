using Tuner.Contracts.Jobs;
using Tuner.Engine.Models;
using Tuner.Training;

namespace Tuner.Worker.Tests;

/// <summary><see cref="ModelSize"/>'s count is what the engine allocates: gates, both weights and biases per direction,
/// 2U inputs above a bidirectional layer, the embedding table and the head.</summary>
public sealed class ModelSizeTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 1, 8, false, 0)]
    [InlineData(CellKind.Gru, 1, 8, false, 0)]
    [InlineData(CellKind.Lstm, 3, 5, true, 0)]
    [InlineData(CellKind.Gru, 2, 7, true, 0)]
    [InlineData(CellKind.Lstm, 2, 6, true, 2)]      // sigmoid head over an embedding
    [InlineData(CellKind.Gru, 3, 4, false, 11)]     // softmax head of 11 over an embedding
    public void The_count_is_the_engines_parameter_count(CellKind cell, int layers, int units, bool bidirectional, int classes)
    {
        var settings = new TrainingSettings(cell, layers, units, ActivationKind.Tanh, 0, 0, 1e-3, OptimizerKind.Adam, 32, 0, null, bidirectional, EmbeddingDim: 9);
        var (head, k) = ModelShape.HeadFor(Math.Max(classes, 2));
        var shape = classes == 0 ? ModelShape.Regression(3) : new ModelShape(1, 17, head, k);

        var model = new RecurrentModel(EngineConfiguration.Model(settings, shape));

        Assert.Equal(model.Parameters.Count, ModelSize.Parameters(settings, shape.Sizes));
    }
}
