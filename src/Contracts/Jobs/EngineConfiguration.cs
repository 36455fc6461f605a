using Tuner.Engine.Layers;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using EngineModel = Tuner.Engine.Models.ModelSpec;

namespace Tuner.Contracts.Jobs;

/// <summary>Turns a trial's resolved <see cref="TrainingSettings"/> into the engine's model and optimizer.</summary>
public static class EngineConfiguration
{
    public static EngineModel Model(TrainingSettings s, int inputSize) => new(
        s.Cell == CellKind.Gru ? CellType.Gru : CellType.Lstm,
        inputSize,
        s.Units,
        s.Layers,
        s.Activation == ActivationKind.Relu ? Activation.Relu : Activation.Tanh,
        (float)s.Dropout,
        (float)s.RecurrentDropout,
        (float)s.L2);

    public static OptimizerSpec Optimizer(TrainingSettings s) => new(
        s.Optimizer switch
        {
            Jobs.OptimizerKind.Rmsprop => Engine.Optimizers.OptimizerKind.RmsProp,
            Jobs.OptimizerKind.Sgd => Engine.Optimizers.OptimizerKind.Sgd,
            _ => Engine.Optimizers.OptimizerKind.Adam,
        },
        (float)s.LearningRate,
        ClipNorm: s.Clipnorm is { } c ? (float)c : null);
}
