using System.Text.Json;
using Tuner.Contracts;
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

    [Fact]
    public void A_generate_jobs_characters_are_counted_once_the_text_is_read()
    {
        // 20,000 distinct characters: an Embedding(20001, 32) and a head of 20,001 outputs on 4,096 units, 150 million in
        // all; from the spec alone (2 characters at least) the model has 68 million.
        // Twice, so the training part (the first 80 %) has them all.
        var alphabet = string.Concat(Enumerable.Range(0x4E00, 20_000).Select(c => (char)c));
        var text = alphabet + alphabet;
        var spec = JobSpecParser.Parse(JsonSerializer.Serialize(new
        {
            name = "wide-alphabet",
            task = "generate",
            data = new { kind = "text", content = text },
            window = 4,
            searchSpace = new { units = new { type = "fixed", value = 4096 }, embedding_dim = new { type = "fixed", value = 32 } },
            algorithm = new { type = "random", maxTrials = 1, epochs = 1 },
        }));

        var e = Assert.Throws<InvalidInputException>(() => JobData.Check(spec));

        Assert.StartsWith("searchSpace: the largest model it allows (lstm, units 4096, layers 1, embedding 20001 × 32, 20001 outputs) has 150,250,049 parameters", Assert.Single(e.Problems));
    }
}
