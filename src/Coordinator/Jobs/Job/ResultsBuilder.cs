using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>results.json (PRODUCT.md §3) from a job's state: the trial book's trials with the runtime's facts added
/// (the worker of each trial's last attempt, its training seconds) and the best trial's checkpoint.</summary>
public static class ResultsBuilder
{
    public static ResultsDocument Build(JobState state)
    {
        var book = state.Algorithm.Book;
        var objective = state.Spec.Objective;
        var facts = new Dictionary<string, TrialFacts>(StringComparer.Ordinal);
        foreach (var attempt in state.Attempts)
        {
            var trialId = state.Item(attempt.WorkId).TrialId;
            if (!facts.TryGetValue(trialId, out var trialFacts)) facts[trialId] = trialFacts = new TrialFacts();
            trialFacts.Worker = attempt.WorkerId; // attempts are in start order: the last one wins
            trialFacts.Seconds += attempt.CreditedSeconds;
            trialFacts.Running |= attempt.Status == AttemptStatus.Running;
        }

        var trials = book.Trials().Select(trial =>
        {
            var known = facts.GetValueOrDefault(trial.TrialId) ?? new TrialFacts();
            var (valLoss, loss) = Values(trial, objective);
            return new TrialResult(
                trial.TrialId, trial.Hyperparameters, StatusWord(trial.Status, known.Running), valLoss, loss, trial.Epochs,
                trial.Bracket, state.Spec.Algorithm.HasRounds ? trial.Round : null, known.Worker, Math.Round(known.Seconds, 3),
                trial.History, trial.Error);
        }).ToValueList();

        BestTrial? best = null;
        if (book.Best() is { } top)
        {
            var (valLoss, loss) = Values(top, objective);
            var checkpoint = top.CheckpointWorkId is null ? null : BlobProtocol.Ids.Checkpoint(state.JobId, top.CheckpointWorkId);
            best = new BestTrial(top.TrialId, top.Hyperparameters, valLoss, loss, top.Epochs, checkpoint);
        }
        return new ResultsDocument(state.Submitted.Name, state.JobId, state.Status, state.Spec.Algorithm.Type, objective.Word(),
            book.EpochsTrained, state.Algorithm.PlannedEpochs, best, trials, SearchDimension.Of(state.Spec.SearchSpace));
    }

    /// <summary>results.json's trial status: the final words as they are; while the job runs, <c>running</c> for a
    /// trial being trained and <c>pending</c> for one waiting for its round or for a worker.</summary>
    public static string StatusWord(TrialStatus status, bool attemptRunning) => status switch
    {
        TrialStatus.Running => attemptRunning ? "running" : "pending",
        TrialStatus.Waiting => "pending",
        _ => status.Word(),
    };

    /// <summary>The trial's <c>val_loss</c> and <c>loss</c>: its objective (the best epoch value, the mean over
    /// executions for random search) and the other metric at the epoch where the objective was lowest.</summary>
    private static (double? ValLoss, double? Loss) Values(TrialRecord trial, ObjectiveKind objective)
    {
        var bestEpoch = EpochMetrics.Best(trial.History, objective);
        return objective == ObjectiveKind.ValLoss
            ? (trial.Objective ?? bestEpoch?.ValLoss, bestEpoch?.Loss)
            : (bestEpoch?.ValLoss, trial.Objective ?? bestEpoch?.Loss);
    }

    private sealed class TrialFacts
    {
        public string? Worker { get; set; }
        public double Seconds { get; set; }
        public bool Running { get; set; }
    }
}
