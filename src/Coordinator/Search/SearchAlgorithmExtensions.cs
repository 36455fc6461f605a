using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search;

/// <summary>Conveniences for callers that apply events directly (tests, simulation, local mode without a journal).</summary>
public static class SearchAlgorithmExtensions
{
    /// <summary><see cref="ISearchAlgorithm.Decide"/>, and when it is a run, applies its <see cref="WorkStarted"/>.</summary>
    public static SearchDecision Next(this ISearchAlgorithm algorithm)
    {
        var decision = algorithm.Decide();
        if (decision is SearchDecision.Run run) algorithm.Apply(run.Event);
        return decision;
    }

    public static void ReportEpoch(this ISearchAlgorithm algorithm, string workId, EpochMetrics epoch) =>
        algorithm.Apply(new EpochReported(workId, epoch));

    public static void Finish(this ISearchAlgorithm algorithm, string workId, WorkOutcome outcome) =>
        algorithm.Apply(new WorkFinished(workId, outcome));

    public static void Cancel(this ISearchAlgorithm algorithm) => algorithm.Apply(new SearchCancelled());
}
