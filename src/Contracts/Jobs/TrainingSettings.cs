using Tuner.Contracts.Search;

namespace Tuner.Contracts.Jobs;

/// <summary>Everything one training needs, resolved from a job spec and one configuration: each setting comes
/// from the configuration when the search space names it, else from the spec, else from the documented default.</summary>
public sealed record TrainingSettings(
    CellKind Cell,
    int Layers,
    int Units,
    ActivationKind Activation,
    double Dropout,
    double RecurrentDropout,
    double LearningRate,
    OptimizerKind Optimizer,
    int BatchSize,
    double L2,
    double? Clipnorm,
    bool Bidirectional = false,
    int EmbeddingDim = ModelSpec.DefaultEmbeddingDim)
{
    /// <summary>Units when the search space does not tune them.</summary>
    public const int DefaultUnits = 32;

    /// <summary>Learning rate when the search space does not tune it (Keras' Adam default).</summary>
    public const double DefaultLearningRate = 1e-3;

    public static TrainingSettings Resolve(JobSpec spec, Hyperparameters configuration)
    {
        return new TrainingSettings(
            Cell: configuration.TryGet("cell", out var cell) ? SpecWords.CellOf(cell.AsString()) : spec.Model.Cell,
            Layers: configuration.TryGet("layers", out var layers) ? layers.AsInt32() : spec.Model.Layers,
            Units: configuration.TryGet("units", out var units) ? units.AsInt32() : DefaultUnits,
            Activation: spec.Model.Activation,
            Dropout: Real("dropout", 0),
            RecurrentDropout: Real("recurrent_dropout", 0),
            LearningRate: Real("learning_rate", DefaultLearningRate),
            Optimizer: configuration.TryGet("optimizer", out var optimizer) ? SpecWords.OptimizerOf(optimizer.AsString()) : spec.Optimizer,
            BatchSize: configuration.TryGet(HyperparameterCatalog.BatchSizeName, out var batch) ? batch.AsInt32() : spec.BatchSize,
            L2: Real("l2", 0),
            Clipnorm: spec.Clipnorm,
            Bidirectional: configuration.TryGet("bidirectional", out var bidirectional) ? bidirectional.AsBool() : spec.Model.Bidirectional,
            EmbeddingDim: configuration.TryGet(HyperparameterCatalog.EmbeddingDimName, out var dim) ? dim.AsInt32() : spec.Model.EmbeddingDim);

        double Real(string name, double fallback) => configuration.TryGet(name, out var value) ? value.AsDouble() : fallback;
    }
}
