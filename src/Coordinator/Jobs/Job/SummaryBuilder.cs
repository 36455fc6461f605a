using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>A job's <see cref="JobSummary"/> (status, progress, best so far, running trials) from its state.</summary>
public static class SummaryBuilder
{
    public static JobSummary Build(JobState state)
    {
        var book = state.Algorithm.Book;
        var best = book.Best();
        var running = state.RunningAttempts.Select(a =>
        {
            var item = state.Item(a.WorkId);
            return new RunningTrial(item.TrialId, item.WorkId, a.WorkerId, a.LastEpoch, a.FromEpoch, item.ToEpoch, book.ObjectiveSoFar(item.TrialId),
                book.LatestValue(item.WorkId), state.Spec.Algorithm.HasRounds ? item.Round : null, item.Bracket, item.Execution, item.Hyperparameters);
        }).ToValueList();
        return new JobSummary(
            state.JobId,
            state.Submitted.Name,
            state.Status,
            state.Spec.Algorithm.Type,
            state.Spec.Objective.Word(),
            book.Count,
            book.CountTrials(IsFinished),
            book.EpochsTrained,
            state.Algorithm.PlannedEpochs,
            best?.TrialId,
            best?.Objective,
            running,
            state.Submitted.SubmittedAt,
            state.FinishedAt,
            state.Error);
    }

    /// <summary>Statuses a trial ends in (an ASHA trial that is stopped may still be promoted later).</summary>
    public static bool IsFinished(TrialStatus status) =>
        status is TrialStatus.Completed or TrialStatus.Stopped or TrialStatus.Diverged or TrialStatus.Failed or TrialStatus.Cancelled;
}
