using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;
using static Tuner.Coordinator.Jobs.Job.JobEvents;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>How a job reacts to what happens, as pure functions of <see cref="JobState"/>: each returns the events to
/// persist (and apply) and never changes the state itself. The job actor only persists, applies and sends.</summary>
public static class JobDecisions
{
    /// <summary>What an offered worker slot gets.</summary>
    public abstract record Dispatch
    {
        private Dispatch() { }

        /// <summary>Start <paramref name="Attempt"/>: persist <paramref name="Events"/> (ending with it), then assign.</summary>
        public sealed record Start(IReadOnlyList<IJobEvent> Events, AttemptStarted Attempt) : Dispatch;

        /// <summary>Nothing to start now.</summary>
        public sealed record Nothing : Dispatch
        {
            public static Nothing Instance { get; } = new();
        }
    }

    /// <summary>Where a worker's report about an attempt stands.</summary>
    public enum Report
    {
        /// <summary>The current, running attempt of its work item: it counts.</summary>
        Current,
        /// <summary>An attempt that ended or was superseded: acknowledged and ignored.</summary>
        Stale,
        /// <summary>Not an attempt of this job.</summary>
        Unknown,
    }

    public static Report Classify(JobState state, string attemptId) => state.Attempt(attemptId) switch
    {
        null => Report.Unknown,
        { Status: AttemptStatus.Running } => Report.Current,
        _ => Report.Stale,
    };

    /// <summary>A worker's reports on ended attempts: those of current attempts, to record, and the ids of the rest
    /// (duplicates, or results of attempts that no longer count), only to acknowledge.</summary>
    public static (List<TrialProtocol.AttemptFinished> Current, List<string> Stale) Sort(JobState state, IEnumerable<TrialProtocol.AttemptFinished> reports)
    {
        var current = new List<TrialProtocol.AttemptFinished>();
        var stale = new List<string>();
        foreach (var report in reports)
        {
            if (Classify(state, report.AttemptId) == Report.Current) current.Add(report);
            else stale.Add(report.AttemptId);
        }
        return (current, stale);
    }

    /// <summary>Requeued work first (it was promised to the search already), else the algorithm's next decision.</summary>
    public static Dispatch NextAttempt(JobState state, string workerId, int slot, DateTimeOffset at, string? workerNode = null)
    {
        if (!state.IsSubmitted || state.IsFinal || state.CancelRequested) return Dispatch.Nothing.Instance;
        if (state.Requeued.Count > 0)
        {
            var work = state.Work(state.Requeued[0])!;
            var retry = Started(work.WorkId, work.Attempts.Count + 1, workerId, slot, work.Checkpoint, work.CheckpointEpoch, at, workerNode);
            return new Dispatch.Start([retry], retry);
        }
        if (state.Algorithm.Decide() is not SearchDecision.Run run) return Dispatch.Nothing.Instance;
        var item = run.Item;
        var checkpoint = item.ResumeFrom is null ? null : BlobProtocol.Ids.Checkpoint(state.JobId, item.ResumeFrom);
        var first = Started(item.WorkId, 1, workerId, slot, checkpoint, item.FromEpoch, at, workerNode);
        return new Dispatch.Start([new SearchEventRecorded(run.Event), first], first);
    }

    /// <summary>The assignment a worker gets for a started attempt (after its events are applied).</summary>
    public static WorkProtocol.TrialAssignment Assignment(JobState state, AttemptStarted attempt)
    {
        var item = state.Item(attempt.WorkId);
        return new WorkProtocol.TrialAssignment(
            state.JobId, attempt.AttemptId, attempt.WorkerId, attempt.Slot, item.WorkId, item.TrialId, item.Hyperparameters, item.Seed,
            attempt.FromEpoch, item.ToEpoch, attempt.ResumeCheckpoint, BlobProtocol.Ids.Checkpoint(state.JobId, item.WorkId),
            state.Submitted.SpecJson, state.Submitted.DataBlob);
    }

    /// <summary>The job's end, once the search has nothing running and nothing left: <c>cancelled</c> after a cancel,
    /// <c>failed</c> when no trial produced an objective (every one failed or diverged), else <c>completed</c>.</summary>
    public static IReadOnlyList<IJobEvent> Completion(JobState state, DateTimeOffset at)
    {
        if (!state.IsSubmitted || state.IsFinal || state.Algorithm.Decide() is not SearchDecision.Finished) return [];
        if (state.CancelRequested) return [new JobFinished(JobStatuses.Cancelled, at)];
        var book = state.Algorithm.Book;
        if (book.Count > 0 && book.Best() is null)
        {
            var firstError = book.Trials().Select(t => t.Error).FirstOrDefault(e => e is not null);
            var error = $"no trial produced a {state.Spec.Objective.Word()}: every trial failed or diverged" + (firstError is null ? "" : $" (first error: {firstError})");
            return [new JobFinished(JobStatuses.Failed, at, error)];
        }
        return [new JobFinished(JobStatuses.Completed, at)];
    }

    /// <summary>Why a search that has ended made fewer trials than planned (its space ran out), for the job's log; null
    /// when it did not, or was cancelled. Without it a run just stops short of its planned epochs, unexplained.</summary>
    public static string? EndedEarly(JobState state) =>
        !state.IsSubmitted || state.CancelRequested ? null : state.Algorithm.Exhaustion?.Describe(state.Spec.SearchSpace);

    /// <summary>An epoch of the current attempt: recorded once; epochs outside the attempt's range and repeats are dropped.</summary>
    public static IReadOnlyList<IJobEvent> OnEpoch(JobState state, TrialProtocol.EpochDone done)
    {
        var attempt = state.Attempt(done.AttemptId)!;
        var item = state.Item(attempt.WorkId);
        var epoch = done.Epoch.Epoch;
        if (epoch <= attempt.FromEpoch || epoch > item.ToEpoch || attempt.Reported(epoch)) return [];
        return [new SearchEventRecorded(new EpochReported(item.WorkId, done.Epoch), attempt.AttemptId, done.Seconds)];
    }

    /// <summary>The current attempt ended. Its outcome finishes the work item, with the epochs earlier attempts of the
    /// item trained before its resume point. A worker that stopped it while the job was not cancelled (e.g. shutting
    /// down without a hand-back) gets it treated as a hand-back at its last epoch (or an abandonment): the trial
    /// is not lost.</summary>
    public static IReadOnlyList<IJobEvent> OnFinished(JobState state, TrialProtocol.AttemptFinished finished)
    {
        var attempt = state.Attempt(finished.AttemptId)!;
        var item = state.Item(attempt.WorkId);
        var trained = finished.History.Where(e => e.Epoch > attempt.FromEpoch && e.Epoch <= item.ToEpoch).OrderBy(e => e.Epoch).ToList();
        if (finished.Outcome == AttemptOutcome.Cancelled && !state.CancelRequested)
        {
            return finished.CheckpointId is not null && trained.Count > 0
                ? [new AttemptHandedBack(attempt.AttemptId, trained[^1].Epoch, finished.CheckpointId)]
                : [new AttemptAbandoned(attempt.AttemptId, "stopped by its worker")];
        }
        var history = KnownHistory(state, item, item.FromEpoch, attempt.FromEpoch).Concat(trained);
        var kind = finished.Outcome switch
        {
            AttemptOutcome.Completed => WorkOutcomeKind.Completed,
            AttemptOutcome.Diverged => WorkOutcomeKind.Diverged,
            AttemptOutcome.Failed => WorkOutcomeKind.Failed,
            _ => WorkOutcomeKind.Cancelled,
        };
        var outcome = new WorkOutcome(kind, history.ToValueList(), finished.Error);
        return [new SearchEventRecorded(new WorkFinished(item.WorkId, outcome), attempt.AttemptId, finished.Seconds)];
    }

    /// <summary>The worker left after epoch <c>Epoch</c>: the item resumes there (a checkpoint outside the attempt's
    /// range is not trusted). After a cancel the item simply ends cancelled.</summary>
    public static IReadOnlyList<IJobEvent> OnReturned(JobState state, TrialProtocol.AttemptReturned handedBack)
    {
        var attempt = state.Attempt(handedBack.AttemptId)!;
        var item = state.Item(attempt.WorkId);
        var usable = handedBack.CheckpointId is not null && handedBack.Epoch >= attempt.FromEpoch && handedBack.Epoch <= item.ToEpoch;
        var events = new List<IJobEvent> { new AttemptHandedBack(attempt.AttemptId, handedBack.Epoch, usable ? handedBack.CheckpointId : null) };
        if (state.CancelRequested) events.Add(CancelledFinish(state, item));
        return events;
    }

    /// <summary>The running attempts among <paramref name="attemptIds"/> lost their worker: requeued; ended cancelled
    /// when the job is being cancelled; failed when this is the <paramref name="lostLimit"/>-th loss in a row of their
    /// work item (with the epochs before its resume point, and why).</summary>
    public static IReadOnlyList<IJobEvent> Abandon(JobState state, IEnumerable<string> attemptIds, string reason, int lostLimit)
    {
        var events = new List<IJobEvent>();
        foreach (var id in attemptIds.Distinct())
        {
            if (state.Attempt(id) is not { Status: AttemptStatus.Running } attempt) continue;
            events.Add(new AttemptAbandoned(id, reason, WorkerLost: true));
            var item = state.Item(attempt.WorkId);
            if (state.CancelRequested) events.Add(CancelledFinish(state, item));
            else if (LostInARow(state, attempt.WorkId) + 1 >= lostLimit)
            {
                var error = $"its worker was lost {lostLimit} times in a row while training it (the last time: {reason}); given up rather than " +
                    "tried again, as a trial that crashes its worker or exhausts its memory would be on every worker";
                var outcome = new WorkOutcome(WorkOutcomeKind.Failed, KnownHistory(state, item, item.FromEpoch, attempt.FromEpoch).ToValueList(), error);
                events.Add(new SearchEventRecorded(new WorkFinished(item.WorkId, outcome)));
            }
        }
        return events;
    }

    /// <summary>The attempts that were running when the local run that trained them stopped (killed, a power cut, a second
    /// Ctrl-C): requeued — ended cancelled when the job is being cancelled — but not as lost workers. The run's own end
    /// says nothing about its trials, so it never counts towards <see cref="Abandon"/>'s limit (a user who interrupts a
    /// run five times during one long trial lost that trial with it) and, ending the attempt otherwise, starts that
    /// count again.</summary>
    public static IReadOnlyList<IJobEvent> Interrupted(JobState state, string reason)
    {
        var events = new List<IJobEvent>();
        foreach (var attempt in state.RunningAttempts)
        {
            events.Add(new AttemptAbandoned(attempt.AttemptId, reason));
            if (state.CancelRequested) events.Add(CancelledFinish(state, state.Item(attempt.WorkId)));
        }
        return events;
    }

    /// <summary>How many of the work item's last attempts ended with their worker lost, back to one that ended otherwise.</summary>
    private static int LostInARow(JobState state, string workId)
    {
        var attempts = state.Work(workId)!.Attempts;
        var count = 0;
        for (var i = attempts.Count - 1; i >= 0; i--)
        {
            var attempt = state.Attempt(attempts[i])!;
            if (attempt.Status == AttemptStatus.Running) continue; // the one being lost now
            if (attempt is not { Status: AttemptStatus.Abandoned, WorkerLost: true }) break;
            count++;
        }
        return count;
    }

    /// <summary>Cancels the search; queued work ends cancelled at once, running attempts when their workers stop.</summary>
    public static IReadOnlyList<IJobEvent> Cancel(JobState state, DateTimeOffset at)
    {
        if (!state.IsSubmitted || state.IsFinal || state.CancelRequested) return [];
        var events = new List<IJobEvent> { new JobCancelRequested(at), new SearchEventRecorded(new SearchCancelled()) };
        foreach (var workId in state.Requeued) events.Add(CancelledFinish(state, state.Item(workId)));
        return events;
    }

    private static SearchEventRecorded CancelledFinish(JobState state, WorkItem item) =>
        new(new WorkFinished(item.WorkId, WorkOutcome.Cancelled(KnownHistory(state, item, item.FromEpoch, item.ToEpoch))));

    /// <summary>The epochs <c>(from, to]</c> of the item's trial execution recorded so far.</summary>
    private static IEnumerable<EpochMetrics> KnownHistory(JobState state, WorkItem item, int from, int to)
    {
        if (to <= from) return [];
        var trial = state.Algorithm.Book.Trial(item.TrialId);
        var execution = trial.Executions.FirstOrDefault(e => e.Execution == item.Execution);
        return execution is null ? [] : execution.History.Where(e => e.Epoch > from && e.Epoch <= to).ToList();
    }

    private static AttemptStarted Started(string workId, int number, string workerId, int slot, string? checkpoint, int fromEpoch, DateTimeOffset at, string? workerNode) =>
        new($"{workId}#{number}", workId, workerId, slot, checkpoint, fromEpoch, at, workerNode);
}
