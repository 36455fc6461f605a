using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Search.Simulation;

/// <summary>A discrete-event simulation of W workers driving a search algorithm on a virtual clock: free workers
/// ask the algorithm for work (lowest worker index first), each work item "trains" for the sum of its epochs'
/// virtual seconds, and finishing events are applied in time order (ties in dispatch order).</summary>
/// <remarks>Deterministic: the same algorithm, problem and worker count give the same events. Used by the tests
/// and by bench/Search.Bench.</remarks>
public static class FleetSimulator
{
    public static SimulationResult Run(ISearchAlgorithm algorithm, ISyntheticProblem problem, int workers, SimulationOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        options ??= new SimulationOptions();
        var pending = new PriorityQueue<Pending, (double Time, long Sequence)>();
        var idle = new SortedSet<int>(Enumerable.Range(0, workers));
        var events = new List<SearchEvent>();
        var progress = new List<ProgressPoint>();
        double now = 0, busy = 0;
        long sequence = 0, epochsStarted = 0, epochsFinished = 0;
        double? best = null;
        string? bestTrial = null;

        void Apply(SearchEvent e)
        {
            algorithm.Apply(e);
            events.Add(e);
        }

        while (true)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            while (idle.Count > 0 && algorithm.Decide() is SearchDecision.Run run)
            {
                Apply(run.Event);
                var worker = idle.Min;
                idle.Remove(worker);
                var (outcome, seconds) = Train(problem, run.Item, options);
                epochsStarted += run.Item.Epochs;
                if (options.ReportEpochs)
                {
                    var elapsed = 0.0;
                    for (var i = 0; i < outcome.History.Count; i++)
                    {
                        elapsed += problem.EpochSeconds(run.Item.Hyperparameters, outcome.History[i].Epoch);
                        pending.Enqueue(new Pending(worker, run.Item, null, outcome.History[i], 0), (now + elapsed, sequence++));
                    }
                }
                pending.Enqueue(new Pending(worker, run.Item, outcome, null, seconds), (now + seconds, sequence++));
            }
            if (pending.Count == 0)
            {
                if (algorithm.Decide() is SearchDecision.Finished) break;
                throw new InvalidOperationException("the algorithm stalled: nothing is running and it starts nothing");
            }
            pending.TryDequeue(out var dequeued, out var at);
            var next = dequeued!;
            now = at.Time;
            if (next.Epoch is { } epoch)
            {
                Apply(new EpochReported(next.Item.WorkId, epoch));
                continue;
            }
            Apply(new WorkFinished(next.Item.WorkId, next.Outcome!));
            busy += next.Seconds;
            epochsFinished += next.Outcome!.History.Count;
            options.WorkFinished?.Invoke(next.Outcome.History.Count);
            idle.Add(next.Worker);
            var trial = algorithm.Book.Trial(next.Item.TrialId);
            // A trial with executions still training (running after its work finished) has no result yet: its objective is
            // the mean of all of them.
            if (trial.Status.IsRankable() && trial.Status != TrialStatus.Running && trial.Objective is { } objective && (best is null || algorithm.Book.Objective.IsBetter(objective, best.Value)))
                (best, bestTrial) = (objective, trial.TrialId);
            progress.Add(new ProgressPoint(now, epochsStarted, epochsFinished, best, bestTrial));
        }
        return new SimulationResult(workers, now, busy, algorithm.Book.EpochsTrained, algorithm.Book.Best(), events, progress);
    }

    /// <summary>The outcome of one work item and the virtual seconds it takes: every epoch of the item, stopping at
    /// the first non-finite loss (diverged), or halfway for an injected failure.</summary>
    private static (WorkOutcome Outcome, double Seconds) Train(ISyntheticProblem problem, WorkItem item, SimulationOptions options)
    {
        var history = new List<EpochMetrics>();
        var seconds = 0.0;
        var fails = options.FailureRate > 0 && (DeterministicRandom.Fnv1a64(item.WorkId) % 10_000) < options.FailureRate * 10_000;
        var failAt = fails ? item.FromEpoch + Math.Max(1, item.Epochs / 2) : int.MaxValue;
        for (var epoch = item.FromEpoch + 1; epoch <= item.ToEpoch; epoch++)
        {
            if (epoch >= failAt)
                return (WorkOutcome.Failed("simulated worker failure", history), seconds);
            var record = problem.Epoch(item.Hyperparameters, item.Seed, epoch);
            history.Add(record);
            seconds += problem.EpochSeconds(item.Hyperparameters, epoch);
            if (!double.IsFinite(record.Loss))
                return (WorkOutcome.Diverged(history), seconds);
        }
        return (WorkOutcome.Completed(history), seconds);
    }

    private sealed record Pending(int Worker, WorkItem Item, WorkOutcome? Outcome, EpochMetrics? Epoch, double Seconds);
}
