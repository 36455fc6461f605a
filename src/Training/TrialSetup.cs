using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Training;
using EngineModel = Tuner.Engine.Models.ModelSpec;

namespace Tuner.Training;

/// <summary>How one configuration of a job trains on the engine — its model, optimizer and batch size, resolved from
/// the spec and the configuration — the same for <c>tuner train</c> and a worker's trials.</summary>
public sealed record TrialSetup(EngineModel Model, OptimizerSpec Optimizer, int BatchSize)
{
    /// <summary>The setup of <paramref name="configuration"/> of <paramref name="spec"/> on data that asks for a model of
    /// <paramref name="shape"/> (<see cref="TaskData.Shape"/>).</summary>
    public static TrialSetup For(JobSpec spec, Hyperparameters configuration, ModelShape shape)
    {
        var settings = TrainingSettings.Resolve(spec, configuration);
        return new TrialSetup(EngineConfiguration.Model(settings, shape), EngineConfiguration.Optimizer(settings), settings.BatchSize);
    }

    /// <summary>A forecast's setup on data with <paramref name="features"/> inputs per step.</summary>
    public static TrialSetup For(JobSpec spec, Hyperparameters configuration, int features) => For(spec, configuration, ModelShape.Regression(features));

    /// <summary>A fresh session: weights, dropout masks and batch order all from <paramref name="seed"/>.</summary>
    public TrainingSession Create(long seed, int threads) => TrainingSession.Create(Model, Optimizer, BatchSize, unchecked((ulong)seed), threads);

    /// <summary>Why <paramref name="restored"/> cannot continue this setup after epoch <paramref name="fromEpoch"/>
    /// (other epochs, model, optimizer or batch size); null when it can.</summary>
    public string? Mismatch(TrainingSession restored, int fromEpoch) =>
        restored.EpochsCompleted != fromEpoch
            ? $"the resume checkpoint holds {restored.EpochsCompleted} epochs, the assignment resumes after epoch {fromEpoch}"
            : restored.Model.Spec != Model || restored.Optimizer.Spec != Optimizer || restored.BatchSize != BatchSize
                ? $"the resume checkpoint describes another configuration ({restored.Model.Spec}, {restored.Optimizer.Spec}, batch {restored.BatchSize}) than the assignment ({Model}, {Optimizer}, batch {BatchSize})"
                : null;

    /// <summary>The epoch where <paramref name="objective"/> was best (see <see cref="EpochMetrics.Best"/>).</summary>
    public static EpochMetrics? Best(IEnumerable<EpochRecord> history, ObjectiveKind objective) =>
        EpochMetrics.Best(history.Select(EngineConfiguration.Metrics), objective);
}
