using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Engine.Layers;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Training;
using EngineModel = Tuner.Engine.Models.ModelSpec;

namespace Tuner.Training;

/// <summary>The job spec's words in the engine's terms: a trial's resolved <see cref="TrainingSettings"/> as the engine's
/// model and optimizer, and the engine's epochs as the protocol's <see cref="EpochMetrics"/>.</summary>
public static class EngineConfiguration
{
    public static EngineModel Model(TrainingSettings s, ModelShape shape) => new(
        s.Cell == CellKind.Gru ? CellType.Gru : CellType.Lstm,
        shape.InputSize,
        s.Units,
        s.Layers,
        s.Activation == ActivationKind.Relu ? Activation.Relu : Activation.Tanh,
        (float)s.Dropout,
        (float)s.RecurrentDropout,
        (float)s.L2,
        s.Bidirectional,
        shape.Vocabulary > 0 ? new EmbeddingSpec(shape.Vocabulary, s.EmbeddingDim) : null,
        shape.Head,
        shape.Classes);

    public static OptimizerSpec Optimizer(TrainingSettings s) => new(
        s.Optimizer switch
        {
            Contracts.Jobs.OptimizerKind.Rmsprop => Engine.Optimizers.OptimizerKind.RmsProp,
            Contracts.Jobs.OptimizerKind.Sgd => Engine.Optimizers.OptimizerKind.Sgd,
            _ => Engine.Optimizers.OptimizerKind.Adam,
        },
        (float)s.LearningRate,
        ClipNorm: s.Clipnorm is { } c ? (float)c : null);

    public static EpochMetrics Metrics(EpochRecord epoch) => new(epoch.Epoch, epoch.Loss, epoch.ValLoss, epoch.Accuracy, epoch.ValAccuracy);
}
