using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Simulation;

namespace Tuner.Search.Bench.Problems;

/// <summary>A benchmark problem: its search space, its epochs and their costs, and the true (noiseless, full-budget)
/// value of a configuration, by which the searches' results are scored.</summary>
internal interface IBenchProblem : ISyntheticProblem
{
    string Name { get; }

    SearchSpace Space { get; }

    /// <summary>The full budget: epochs a full-budget search trains, maxEpochs of Hyperband and BOHB.</summary>
    int MaxEpochs { get; }

    /// <summary>The configuration's value at the full budget without noise (lower is better).</summary>
    double Truth(Hyperparameters configuration);
}
