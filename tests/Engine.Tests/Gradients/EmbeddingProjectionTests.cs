using Tuner.Engine.Layers;
using Tuner.Engine.Models;
using Tuner.Engine.Rng;

namespace Tuner.Engine.Tests.Gradients;

/// <summary>Projecting embedded tokens through the table regroups the same sums by token: the loss and every
/// gradient equal the per-row projection's up to rounding, on a model where the weight gradients come in chunks
/// and both directions add to the table's gradient.</summary>
public sealed class EmbeddingProjectionTests
{
    [Theory]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void Through_the_table_the_loss_and_gradients_are_the_per_row_ones(CellType cell)
    {
        var spec = new ModelSpec(cell, 1, 6, Layers: 2, Dropout: 0.2f, RecurrentDropout: 0.2f, Bidirectional: true,
            Embedding: new EmbeddingSpec(13, 5), Head: HeadKind.Softmax, Classes: 3);
        const int steps = 9, batch = 70;
        var tokens = new int[steps * batch];
        var targets = new float[batch];
        var data = new Xoshiro256StarStar(3);
        // Token 12 never occurs: its table row must get a zero gradient either way.
        foreach (ref var id in tokens.AsSpan()) id = data.NextInt(12);
        foreach (ref var y in targets.AsSpan()) y = data.NextInt(3);

        (double Loss, float[] Gradients) Run(EmbeddingProjection projection)
        {
            var model = new RecurrentModel(spec) { EmbeddingProjection = projection };
            KerasInitializer.Initialize(model, new Xoshiro256StarStar(11));
            double loss = 0;
            for (int step = 0; step < 2; step++)   // twice: the second pass reuses every buffer of the first
                loss = model.ComputeGradients(SequenceBatch.OfTokens(tokens, steps, batch), targets, new Xoshiro256StarStar(21)).Loss;
            return (loss, (float[])model.Parameters.Gradients.Clone());
        }

        var perRow = Run(EmbeddingProjection.PerRow);
        var table = Run(EmbeddingProjection.ThroughTable);
        Assert.Equal(perRow.Loss, table.Loss, 5);
        var reference = new RecurrentModel(spec);
        foreach (var tensor in reference.Parameters.Tensors)
        {
            var a = perRow.Gradients.AsSpan(tensor.Offset, tensor.Length);
            var b = table.Gradients.AsSpan(tensor.Offset, tensor.Length);
            float scale = 0;
            foreach (var v in a) scale = MathF.Max(scale, MathF.Abs(v));
            Assert.True(scale > 0, $"{tensor.Name} has no gradient: the comparison would prove nothing");
            for (int i = 0; i < a.Length; i++)
                Assert.True(MathF.Abs(a[i] - b[i]) <= 1e-5f * scale + 1e-7f, $"{tensor.Name}[{i}]: per row {a[i]}, through the table {b[i]}");
        }
        var unused = reference.Parameters["embedding.weight"];
        Assert.All(table.Gradients.AsSpan(unused.Offset + 12 * 5, 5).ToArray(), g => Assert.Equal(0f, g));
    }

    [Theory]
    [InlineData(10_000, 25_600, true)]    // the seeds' IMDB batch
    [InlineData(25_600, 25_600, false)]
    [InlineData(88_000, 2_560, false)]    // a word vocabulary on a small batch
    public void Automatic_takes_the_table_when_it_has_fewer_rows_than_the_batch(int vocabulary, int rows, bool table) =>
        Assert.Equal(table, EmbeddingProjection.Automatic.UsesTable(vocabulary, rows));
}
