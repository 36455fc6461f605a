using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search;

/// <summary>What every algorithm needs from the job spec besides its own settings.</summary>
public sealed record SearchContext(SearchSpace Space, long Seed, ObjectiveKind Objective)
{
    public static SearchContext From(JobSpec spec) => new(spec.SearchSpace, spec.Seed, spec.Objective);
}
