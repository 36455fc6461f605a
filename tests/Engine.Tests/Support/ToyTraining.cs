using Tuner.Engine.Data;
using Tuner.Engine.Models;

namespace Tuner.Engine.Tests.Support;

/// <summary>The small data sets and models the training-session tests share: a noisy sine for a two-layer forecaster with
/// every regularizer, and a repeated phrase for a bidirectional embedding + softmax model.</summary>
internal static class ToyTraining
{
    public static PreparedData Sine(int length = 300, int window = 8) =>
        DatasetBuilder.Build(SeriesGenerators.Sine(length, 0.1, seed: 3), window, horizon: 1, validationSplit: 0.2, Normalization.Standard);

    public static ModelSpec Forecaster(CellType cell) =>
        new(cell, InputSize: 1, Units: 12, Layers: 2, Dropout: 0.2f, RecurrentDropout: 0.1f, L2: 1e-4f);

    public static (TokenSequenceDataset Train, TokenSequenceDataset Validation, int Vocabulary) Text() =>
        ToyTokenData.RepeatedText("a stitch in time saves nine; ", length: 600, window: 8);

    public static ModelSpec TextModel(CellType cell, int vocabulary) => new(cell, 1, 10, Layers: 2, Dropout: 0.2f, RecurrentDropout: 0.15f, L2: 1e-4f,
        Bidirectional: true, Embedding: new EmbeddingSpec(vocabulary, 6), Head: HeadKind.Softmax, Classes: vocabulary);
}
