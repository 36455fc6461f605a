using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search.Asha;
using Tuner.Coordinator.Search.Bayesian;
using Tuner.Coordinator.Search.Bohb;
using Tuner.Coordinator.Search.Grid;
using Tuner.Coordinator.Search.Hyperband;
using Tuner.Coordinator.Search.RandomSearch;
using Tuner.Coordinator.Search.Tpe;

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
        BayesianSpec bayesian => new BayesianAlgorithm(context, bayesian),
        TpeSpec tpe => new TpeAlgorithm(context, tpe),
        BohbSpec bohb => new BohbAlgorithm(context, bohb),
        GridSpec grid => new GridAlgorithm(context, grid),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown algorithm"),
    };
}
