using Tuner.Engine.Layers;
using Tuner.Engine.Models;
using Tuner.Engine.Rng;

namespace Tuner.Engine.Tests.Gradients;

/// <summary>Analytic gradients against central finite differences of the loss, for the cases the
/// PyTorch fixtures do not cover: ReLU, dropout, recurrent dropout (masks fixed by reseeding),
/// L2, deep stacks, and unit counts that exercise the 512-bit, 256-bit and scalar tails — for the
/// regression model, the embedding, bidirectional stacks of one and two layers (LSTM and GRU), and
/// the sigmoid and softmax heads, alone and in combination.</summary>
public sealed class FiniteDifferenceTests
{
    public static TheoryData<string, ModelSpec> Cases() => new()
    {
        { "lstm tanh", new ModelSpec(CellType.Lstm, InputSize: 3, Units: 5) },
        { "gru tanh", new ModelSpec(CellType.Gru, InputSize: 2, Units: 7) },
        { "lstm stacked x3 relu, 21 units", new ModelSpec(CellType.Lstm, 2, 21, Layers: 3, Activation: Activation.Relu) },
        { "gru stacked x2 relu, 40 units", new ModelSpec(CellType.Gru, 1, 40, Layers: 2, Activation: Activation.Relu) },
        { "lstm dropout + recurrent dropout", new ModelSpec(CellType.Lstm, 2, 18, Layers: 2, Dropout: 0.3f, RecurrentDropout: 0.25f) },
        { "gru dropout + recurrent dropout", new ModelSpec(CellType.Gru, 3, 9, Layers: 2, Dropout: 0.2f, RecurrentDropout: 0.4f) },
        { "lstm l2", new ModelSpec(CellType.Lstm, 1, 6, L2: 0.05f) },
        { "gru l2 stacked", new ModelSpec(CellType.Gru, 2, 4, Layers: 2, L2: 0.02f) },
        { "lstm wide (vector paths only)", new ModelSpec(CellType.Lstm, 1, 32) },
        { "lstm sigmoid head", new ModelSpec(CellType.Lstm, 2, 6, Head: HeadKind.Sigmoid) },
        { "gru softmax head, 6 classes", new ModelSpec(CellType.Gru, 3, 5, Head: HeadKind.Softmax, Classes: 6) },
        { "embedding → lstm, sigmoid", new ModelSpec(CellType.Lstm, 1, 6, Embedding: new EmbeddingSpec(9, 4), Head: HeadKind.Sigmoid) },
        { "embedding → gru, softmax", new ModelSpec(CellType.Gru, 1, 5, Embedding: new EmbeddingSpec(7, 3), Head: HeadKind.Softmax, Classes: 4) },
        { "embedding → lstm, linear", new ModelSpec(CellType.Lstm, 1, 4, Embedding: new EmbeddingSpec(6, 5)) },
        { "bidirectional lstm", new ModelSpec(CellType.Lstm, 2, 5, Bidirectional: true) },
        { "bidirectional gru", new ModelSpec(CellType.Gru, 3, 4, Bidirectional: true) },
        { "bidirectional lstm x2, softmax", new ModelSpec(CellType.Lstm, 2, 6, Layers: 2, Bidirectional: true, Head: HeadKind.Softmax, Classes: 3) },
        { "bidirectional gru x2, sigmoid", new ModelSpec(CellType.Gru, 1, 5, Layers: 2, Bidirectional: true, Head: HeadKind.Sigmoid) },
        { "embedding → bidirectional lstm x2, dropout + recurrent dropout + l2, softmax",
            new ModelSpec(CellType.Lstm, 1, 7, Layers: 2, Dropout: 0.3f, RecurrentDropout: 0.25f, L2: 0.01f, Bidirectional: true,
                Embedding: new EmbeddingSpec(10, 4), Head: HeadKind.Softmax, Classes: 5) },
        { "embedding → bidirectional gru x2 relu, 21 units, dropout + recurrent dropout + l2, sigmoid",
            new ModelSpec(CellType.Gru, 1, 21, Layers: 2, Activation: Activation.Relu, Dropout: 0.2f, RecurrentDropout: 0.2f, L2: 0.02f,
                Bidirectional: true, Embedding: new EmbeddingSpec(8, 3), Head: HeadKind.Sigmoid) },
        { "bidirectional lstm, recurrent dropout only, 18 units", new ModelSpec(CellType.Lstm, 2, 18, RecurrentDropout: 0.3f, Bidirectional: true) },
    };

    /// <summary>Batches large enough that the weight gradients are split into several products over chunks of
    /// steps (about 256 rows each; here 2 or 3 chunks of uneven length), forward and reverse.</summary>
    public static TheoryData<string, ModelSpec, int, int> ChunkedCases() => new()
    {
        { "lstm, 3 chunks", new ModelSpec(CellType.Lstm, 2, 5), 10, 90 },
        { "gru recurrent dropout, 2 chunks", new ModelSpec(CellType.Gru, 3, 4, RecurrentDropout: 0.3f), 7, 100 },
        { "embedding → bidirectional lstm x2, dropout + recurrent dropout, softmax, 2 chunks",
            new ModelSpec(CellType.Lstm, 1, 4, Layers: 2, Dropout: 0.2f, RecurrentDropout: 0.2f, Bidirectional: true,
                Embedding: new EmbeddingSpec(12, 3), Head: HeadKind.Softmax, Classes: 3), 7, 96 },
        { "bidirectional gru, sigmoid, 3 chunks", new ModelSpec(CellType.Gru, 2, 6, Bidirectional: true, Head: HeadKind.Sigmoid), 11, 70 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_finite_differences(string name, ModelSpec spec) => Check(name, spec, steps: 6, batch: 4);

    [Theory]
    [MemberData(nameof(ChunkedCases))]
    public void Gradients_match_finite_differences_when_weight_gradients_come_in_chunks(string name, ModelSpec spec, int steps, int batch) =>
        Check(name, spec, steps, batch);

    /// <summary>The embedding models of <see cref="Cases"/>, each projected per row and through the table (with
    /// V ≤ 10 and 24 rows, <see cref="EmbeddingProjection.Automatic"/> takes the table).</summary>
    public static TheoryData<string, ModelSpec, EmbeddingProjection> EmbeddingCases()
    {
        var cases = new TheoryData<string, ModelSpec, EmbeddingProjection>();
        foreach (var row in Cases())
        {
            var (name, spec) = ((string)row[0], (ModelSpec)row[1]);
            if (spec.Embedding is null) continue;
            cases.Add(name, spec, EmbeddingProjection.PerRow);
            cases.Add(name, spec, EmbeddingProjection.ThroughTable);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(EmbeddingCases))]
    public void Embedding_gradients_match_finite_differences_per_row_and_through_the_table(string name, ModelSpec spec, EmbeddingProjection projection) =>
        Check($"{name}, {projection}", spec, steps: 6, batch: 4, projection);

    private static void Check(string name, ModelSpec spec, int steps, int batch, EmbeddingProjection projection = EmbeddingProjection.Automatic)
    {
        var model = new RecurrentModel(spec) { EmbeddingProjection = projection };
        var init = new Xoshiro256StarStar(7);
        KerasInitializer.Initialize(model, init);
        var ps = model.Parameters;
        // Non-zero biases so their gradients are exercised away from the symmetric start.
        foreach (var t in ps.Tensors)
            if (!t.IsKernel) foreach (ref var v in ps.Value(t)) v += (float)(init.NextDouble() - 0.5) * 0.4f;
        var input = new float[steps * batch * spec.InputSize];
        var tokens = new int[steps * batch];
        var targets = new float[batch];
        foreach (ref var v in input.AsSpan()) v = (float)(init.NextDouble() * 2 - 1);
        if (spec.Embedding is { } embedding) foreach (ref var id in tokens.AsSpan()) id = init.NextInt(embedding.Vocabulary);
        for (int b = 0; b < batch; b++)
        {
            targets[b] = spec.Head switch
            {
                HeadKind.Sigmoid => b % 2,
                HeadKind.Softmax => init.NextInt(spec.Classes),
                _ => (float)(init.NextDouble() * 2 - 1),
            };
        }

        double Loss() => model.ComputeGradients(
            spec.Embedding is null ? SequenceBatch.OfFeatures(input, steps, batch) : SequenceBatch.OfTokens(tokens, steps, batch),
            targets, new Xoshiro256StarStar(99)).Loss;
        Loss();
        var analytic = (float[])ps.Gradients.Clone();

        var probe = new Xoshiro256StarStar(5);
        int checkedCount = 0, kinks = 0;
        foreach (var tensor in ps.Tensors)
        {
            double scale = 0;
            for (int i = 0; i < tensor.Length; i++) scale = Math.Max(scale, Math.Abs(analytic[tensor.Offset + i]));
            int samples = Math.Min(tensor.Length, 12);
            for (int s = 0; s < samples; s++)
            {
                int index = tensor.Offset + (tensor.Length <= 12 ? s : probe.NextInt(tensor.Length));
                double tolerance = 1e-2 * scale + 2e-4;
                double fd = CentralDifference(ps.Values, index, 4e-3f, Loss);
                double fdHalf = CentralDifference(ps.Values, index, 2e-3f, Loss);
                // A ReLU kink inside the step makes the two estimates disagree: skip that coordinate.
                if (Math.Abs(fd - fdHalf) > tolerance / 2) { kinks++; continue; }
                double error = Math.Abs(analytic[index] - fdHalf);
                Assert.True(error <= tolerance,
                    $"{name}: {tensor.Name}[{index - tensor.Offset}] analytic {analytic[index]:G6} vs finite difference {fdHalf:G6} (max |grad| {scale:G4})");
                checkedCount++;
            }
        }
        Assert.True(kinks <= checkedCount / 10, $"{name}: {kinks} coordinates skipped as kinks, {checkedCount} checked");
    }

    private static double CentralDifference(float[] values, int index, float eps, Func<double> loss)
    {
        float original = values[index];
        values[index] = original + eps;
        double up = loss();
        values[index] = original - eps;
        double down = loss();
        values[index] = original;
        return (up - down) / (2 * eps);
    }
}
