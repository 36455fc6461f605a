using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search;

/// <summary>What every algorithm needs from the job spec besides its own settings.</summary>
public sealed record SearchContext(SearchSpace Space, long Seed, ObjectiveKind Objective)
{
    /// <summary>Whether a lower objective is better (val_loss, loss). The model-based algorithms (bayesian, tpe, bohb)
    /// rank every objective through <see cref="Loss"/>, so an objective to maximize (an accuracy) needs only this set
    /// to false where the context is made from the spec.</summary>
    public bool LowerIsBetter { get; init; } = true;

    /// <summary>The objective as a loss, lower better: itself, or its negation when higher is better.</summary>
    public double Loss(double objective) => LowerIsBetter ? objective : -objective;

    public static SearchContext From(JobSpec spec) => new(spec.SearchSpace, spec.Seed, spec.Objective);
}
