using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search;

/// <summary>What every algorithm needs from the job spec besides its own settings.</summary>
public sealed record SearchContext(SearchSpace Space, long Seed, ObjectiveKind Objective)
{
    /// <summary>The objective as a loss, lower better (an accuracy negated): how the model-based algorithms (bayesian,
    /// tpe, bohb) rank every objective.</summary>
    public double Loss(double objective) => Objective.Cost(objective);

    public static SearchContext From(JobSpec spec) => new(spec.SearchSpace, spec.Seed, spec.Objective);
}
