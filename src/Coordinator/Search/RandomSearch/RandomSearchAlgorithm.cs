using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.FullBudget;

namespace Tuner.Coordinator.Search.RandomSearch;

/// <summary>Random search as Keras Tuner's RandomSearch: up to <c>maxTrials</c> configurations, each trained
/// <c>executionsPerTrial</c> times from different initial weights for <c>epochs</c> epochs; the trial's
/// objective is the mean of its executions' objectives.</summary>
/// <remarks>Trial n always has the configuration drawn from stream <c>random/trial/n</c>. A configuration already tried
/// is redrawn; when the space is exhausted the search ends early.</remarks>
public sealed class RandomSearchAlgorithm(SearchContext context, RandomSearchSpec spec)
    : FullBudgetSearch(context, spec.MaxTrials, spec.ExecutionsPerTrial, spec.Epochs)
{
    protected override Hyperparameters? Propose(int number) =>
        ConfigurationSampler.Draw(Context, $"random/trial/{number}", Seen, allowRepeat: false);
}
