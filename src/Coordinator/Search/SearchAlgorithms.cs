using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search.Asha;
using Tuner.Coordinator.Search.Hyperband;
using Tuner.Coordinator.Search.RandomSearch;

namespace Tuner.Coordinator.Search;

/// <summary>Builds the algorithm a job spec asks for; the runtime needs nothing else to drive it.</summary>
public static class SearchAlgorithms
{
    public static ISearchAlgorithm Create(JobSpec spec) => Create(SearchContext.From(spec), spec.Algorithm);

    public static ISearchAlgorithm Create(SearchContext context, AlgorithmSpec algorithm) => algorithm switch
    {
        HyperbandSpec hyperband => new HyperbandAlgorithm(context, hyperband),
        RandomSearchSpec random => new RandomSearchAlgorithm(context, random),
        AshaSpec asha => new AshaAlgorithm(context, asha),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown algorithm"),
    };
}
