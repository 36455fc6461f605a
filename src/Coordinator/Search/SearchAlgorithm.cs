using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Search;

/// <summary>What all algorithms share: the trial book, event validation, cancellation. Subclasses decide what
/// to run and react to started and finished work.</summary>
public abstract class SearchAlgorithm : ISearchAlgorithm
{
    // The worst end (failed over diverged) of a trial's work ended after the cancel while other work of it still runs.
    private readonly Dictionary<string, (WorkOutcomeKind Kind, string? Error)> _failedAfterCancel = new(StringComparer.Ordinal);

    protected SearchAlgorithm(SearchContext context)
    {
        Context = context;
        Book = new TrialBook(context.Objective);
    }

    protected SearchContext Context { get; }

    public TrialBook Book { get; }

    public abstract long? PlannedEpochs { get; }

    /// <summary>True once a <see cref="SearchCancelled"/> was applied.</summary>
    public bool IsCancelled { get; private set; }

    public SearchExhaustion? Exhaustion => !IsCancelled && Shortfall is { } shortfall && Decide() is SearchDecision.Finished ? shortfall : null;

    /// <summary>Trials made and <c>maxTrials</c> when fewer were made: once finished, the space ran out. Null for searches
    /// that accept repeats or whose trials are fixed in advance.</summary>
    protected virtual SearchExhaustion? Shortfall => null;

    public SearchDecision Decide() => IsCancelled
        ? (Book.RunningWork > 0 ? SearchDecision.NoneRightNow.Instance : SearchDecision.Finished.Instance)
        : DecideNext();

    public void Apply(SearchEvent searchEvent)
    {
        switch (searchEvent)
        {
            case WorkStarted started:
                if (IsCancelled) throw new InvalidOperationException($"work item '{started.Item.WorkId}' started after the search was cancelled");
                var isNewTrial = Book.Start(started.Item);
                OnStarted(started.Item, isNewTrial);
                break;
            case EpochReported reported:
                Book.Report(reported.WorkId, reported.Epoch);
                break;
            case WorkFinished finished:
                var (item, kind, error) = Book.Finish(finished.WorkId, finished.Outcome);
                if (IsCancelled)
                {
                    EndAfterCancel(item.TrialId, kind, error);
                    break;
                }
                switch (kind)
                {
                    case WorkOutcomeKind.Diverged: Book.SetStatus(item.TrialId, TrialStatus.Diverged, error); break;
                    case WorkOutcomeKind.Failed: Book.SetStatus(item.TrialId, TrialStatus.Failed, error); break;
                    case WorkOutcomeKind.Cancelled: Book.SetStatus(item.TrialId, TrialStatus.Cancelled); break;
                }
                OnFinished(item, kind);
                break;
            case SearchCancelled:
                if (IsCancelled) break;
                IsCancelled = true;
                // A trial still training stays running until its work's end arrives (its worker stops it within an
                // epoch): marked cancelled at once, it went on recording epochs and was counted finished while listed
                // running. The rest of the unfinished trials end cancelled now: promoted and not started, or waiting for
                // a round that was never judged — stopped is only for trials a judged round did not promote.
                foreach (var trialId in Book.TrialIds(s => s is TrialStatus.Running or TrialStatus.Waiting))
                    if (!Book.HasRunningWork(trialId)) Book.SetStatus(trialId, TrialStatus.Cancelled);
                OnCancelled();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(searchEvent), searchEvent, "unknown search event");
        }
    }

    /// <summary>Work that ended after the cancel: the search judges nothing any more. Its trial ends once its last running
    /// work has (several executions may run): diverged or failed when one did, as its training says, else cancelled, with
    /// the epochs it trained.</summary>
    private void EndAfterCancel(string trialId, WorkOutcomeKind kind, string? error)
    {
        if (kind is WorkOutcomeKind.Diverged or WorkOutcomeKind.Failed
            && (!_failedAfterCancel.TryGetValue(trialId, out var known) || (known.Kind == WorkOutcomeKind.Diverged && kind == WorkOutcomeKind.Failed)))
            _failedAfterCancel[trialId] = (kind, error);
        if (Book.HasRunningWork(trialId)) return;
        var hasFailed = _failedAfterCancel.Remove(trialId, out var failed);
        if (Book.StatusOf(trialId) != TrialStatus.Running) return; // failed or diverged by another execution before the cancel
        if (hasFailed) Book.SetStatus(trialId, failed.Kind == WorkOutcomeKind.Diverged ? TrialStatus.Diverged : TrialStatus.Failed, failed.Error);
        else Book.SetStatus(trialId, TrialStatus.Cancelled);
    }

    /// <summary>The search was cancelled; trials without running work that were running or waiting are cancelled already.
    /// An algorithm whose waiting trials look stopped (ASHA's rungs) cancels those that had earned promotion.</summary>
    protected virtual void OnCancelled() { }

    /// <summary>The next decision while not cancelled. Must not change state.</summary>
    protected abstract SearchDecision DecideNext();

    /// <summary>A work item started (<paramref name="isNewTrial"/>: its trial was just created).</summary>
    protected abstract void OnStarted(WorkItem item, bool isNewTrial);

    /// <summary>A work item ended with <paramref name="kind"/>; diverged, failed and cancelled statuses are already set.</summary>
    protected abstract void OnFinished(WorkItem item, WorkOutcomeKind kind);

    /// <summary>The decision when nothing can start now.</summary>
    protected SearchDecision Idle() => Book.RunningWork > 0 ? SearchDecision.NoneRightNow.Instance : SearchDecision.Finished.Instance;
}
