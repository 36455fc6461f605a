using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Simulation;
using Tuner.Search.Bench.Problems;

namespace Tuner.Search.Bench;

/// <summary>A simulated search scored as the benchmark scores it: after each finished work item, the true value of the
/// incumbent — the trial with the best objective among those trained to the full budget (HpBandSter's incumbent; for a
/// full-budget search, simply its best trial) — with the work finished so far.</summary>
/// <remarks>Only full-budget trials count because a cheap, noisy low-budget estimate can look better than it is (Counting
/// Ones); the true value scores what the search would hand the user, not the noise it was lucky with.</remarks>
internal sealed record SearchTrace(IReadOnlyList<TracePoint> Points, long Epochs, int Trials, double Makespan, double Final)
{
    public static SearchTrace Of(SimulationResult result, IBenchProblem problem)
    {
        var configurations = new Dictionary<string, Hyperparameters>(StringComparer.Ordinal);
        var items = new Dictionary<string, WorkItem>(StringComparer.Ordinal);
        var objectives = new Dictionary<string, double>(StringComparer.Ordinal);
        var points = new List<TracePoint>();
        var finishedTrials = new HashSet<string>(StringComparer.Ordinal);
        (double Objective, string TrialId)? incumbent = null;
        var incumbentTruth = double.PositiveInfinity;
        var progress = 0;
        foreach (var e in result.Events)
        {
            switch (e)
            {
                case WorkStarted started:
                    configurations.TryAdd(started.Item.TrialId, started.Item.Hyperparameters);
                    items[started.Item.WorkId] = started.Item;
                    break;
                case WorkFinished finished:
                    var point = result.Progress[progress++];
                    var item = items[finished.WorkId];
                    finishedTrials.Add(item.TrialId);
                    if (finished.Outcome.Kind == WorkOutcomeKind.Completed)
                    {
                        var best = objectives.TryGetValue(item.TrialId, out var earlier) ? earlier : double.PositiveInfinity;
                        foreach (var epoch in finished.Outcome.History)
                            if (epoch.ValLoss is { } v && v < best) best = v;
                        objectives[item.TrialId] = best;
                        var candidate = (best, item.TrialId);
                        if (item.ToEpoch >= problem.MaxEpochs && (incumbent is null || candidate.CompareTo(incumbent.Value) < 0))
                        {
                            incumbent = candidate;
                            incumbentTruth = problem.Truth(configurations[item.TrialId]);
                        }
                    }
                    points.Add(new TracePoint(point.Time, point.EpochsFinished, finishedTrials.Count, incumbentTruth));
                    break;
            }
        }
        return new SearchTrace(points, result.EpochsTrained, configurations.Count, result.Makespan, incumbentTruth);
    }

    /// <summary>The first point whose incumbent is at least as good as <paramref name="target"/>; null if none.</summary>
    public TracePoint? Reaching(double target) => Points.FirstOrDefault(p => p.Truth <= target + 1e-12);
}

/// <summary>One moment of a simulated search: virtual time, epochs and trials finished, the incumbent's true value.</summary>
internal sealed record TracePoint(double Time, long Epochs, int Trials, double Truth);
