using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>results.json (PRODUCT.md §3) from a job's state: the trial book's trials with the runtime's facts added
/// (the worker of each trial's last attempt, its training seconds) and the best trial's checkpoint at its best epoch.</summary>
public static class ResultsBuilder
{
    public static ResultsDocument Build(JobState state)
    {
        var book = state.Algorithm.Book;
        var objective = state.Spec.Objective;
        var trials = Trials(state, book.Trials(), history: true);

        BestTrial? best = null;
        if (book.Best() is { } top)
        {
            var v = Values(top, objective);
            var (checkpoint, bestEpoch) = BestModel(state.JobId, book, top, objective);
            best = new BestTrial(top.TrialId, top.Hyperparameters, v.ValLoss, v.Loss, top.Epochs, checkpoint, v.ValAccuracy, v.Accuracy, bestEpoch);
        }
        return new ResultsDocument(state.Submitted.Name, state.JobId, state.Status, state.Spec.Task.Word(), state.Spec.Algorithm.Type, objective.Word(),
            book.EpochsTrained, state.Algorithm.PlannedEpochs, best, trials, SearchDimension.Of(state.Spec.SearchSpace), state.Error);
    }

    /// <summary>results.json's trial objects of <paramref name="trials"/> (records of the job's trial book), with the
    /// runtime's facts (worker, seconds, running or pending); their histories unless <paramref name="history"/> is false.
    /// The dashboard's live updates build the few trials that changed with it.</summary>
    public static ValueList<TrialResult> Trials(JobState state, IReadOnlyList<TrialRecord> trials, bool history)
    {
        var objective = state.Spec.Objective;
        var wanted = trials.Count < state.Algorithm.Book.Count ? trials.Select(t => t.TrialId).ToHashSet(StringComparer.Ordinal) : null;
        var facts = new Dictionary<string, TrialFacts>(StringComparer.Ordinal);
        foreach (var attempt in state.Attempts)
        {
            var trialId = state.Item(attempt.WorkId).TrialId;
            if (wanted is not null && !wanted.Contains(trialId)) continue;
            if (!facts.TryGetValue(trialId, out var trialFacts)) facts[trialId] = trialFacts = new TrialFacts();
            trialFacts.Worker = attempt.WorkerId; // attempts are in start order: the last one wins
            trialFacts.Seconds += attempt.CreditedSeconds;
            trialFacts.Running |= attempt.Status == AttemptStatus.Running;
        }
        return trials.Select(trial =>
        {
            var known = facts.GetValueOrDefault(trial.TrialId) ?? new TrialFacts();
            var v = Values(trial, objective);
            return new TrialResult(
                trial.TrialId, trial.Hyperparameters, StatusWord(trial.Status, known.Running), v.ValLoss, v.Loss, trial.Epochs,
                trial.Bracket, state.Spec.Algorithm.HasRounds ? trial.Round : null, known.Worker, Math.Round(known.Seconds, 3),
                history ? trial.History : [], trial.Error, v.ValAccuracy, v.Accuracy);
        }).ToValueList();
    }

    /// <summary>results.json's trial status: the final words as they are; while the job runs, <c>running</c> for a
    /// trial being trained and <c>pending</c> for one waiting for its round or for a worker.</summary>
    public static string StatusWord(TrialStatus status, bool attemptRunning) => status switch
    {
        TrialStatus.Running => attemptRunning ? "running" : "pending",
        TrialStatus.Waiting => "pending",
        _ => status.Word(),
    };

    /// <summary>The trial's metrics: its objective (the best epoch value, the mean over executions for random search)
    /// and the other metrics at the epoch the objective came from.</summary>
    private static Metrics Values(TrialRecord trial, ObjectiveKind objective)
    {
        var at = EpochMetrics.Best(trial.History, objective);
        var v = new Metrics(at?.ValLoss, at?.Loss, at?.ValAccuracy, at?.Accuracy);
        return objective switch
        {
            ObjectiveKind.ValLoss => v with { ValLoss = trial.Objective ?? v.ValLoss },
            ObjectiveKind.Loss => v with { Loss = trial.Objective ?? v.Loss },
            ObjectiveKind.ValAccuracy => v with { ValAccuracy = trial.Objective ?? v.ValAccuracy },
            _ => v with { Accuracy = trial.Objective ?? v.Accuracy },
        };
    }

    private sealed record Metrics(double? ValLoss, double? Loss, double? ValAccuracy, double? Accuracy);

    /// <summary>Where the best model is — the best trial's best execution at the epoch its objective came from — and
    /// that epoch: the state of the work item that trained that epoch, its final checkpoint when the epoch was its last,
    /// else the best-epoch state the worker stored beside it (<see cref="BlobProtocol.Ids.EpochState"/>).</summary>
    private static (string? Checkpoint, int? Epoch) BestModel(string jobId, TrialBook book, TrialRecord top, ObjectiveKind objective)
    {
        var execution = top.Executions.FirstOrDefault(e => e.LastWorkId == top.CheckpointWorkId);
        if (execution is null || EpochMetrics.Best(execution.History, objective) is not { } epoch)
            return (top.CheckpointWorkId is null ? null : BlobProtocol.Ids.Checkpoint(jobId, top.CheckpointWorkId), null);
        if (book.WorkThatTrained(top.TrialId, execution.Execution, epoch.Epoch) is not { } work)
            return (top.CheckpointWorkId is null ? null : BlobProtocol.Ids.Checkpoint(jobId, top.CheckpointWorkId), null);
        var id = epoch.Epoch == work.ToEpoch ? BlobProtocol.Ids.Checkpoint(jobId, work.WorkId) : BlobProtocol.Ids.EpochState(jobId, work.WorkId, epoch.Epoch);
        return (id, epoch.Epoch);
    }

    private sealed class TrialFacts
    {
        public string? Worker { get; set; }
        public double Seconds { get; set; }
        public bool Running { get; set; }
    }
}
