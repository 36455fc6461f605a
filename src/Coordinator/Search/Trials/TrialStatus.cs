namespace Tuner.Coordinator.Search.Trials;

/// <summary>Where a trial stands (PRODUCT.md §3 names the final ones).</summary>
public enum TrialStatus
{
    /// <summary>Training, or promoted and about to train.</summary>
    Running,
    /// <summary>Trained its Hyperband round; waits for the rest of the round to decide its promotion.</summary>
    Waiting,
    /// <summary>Trained to the end of its schedule (all executions for random search).</summary>
    Completed,
    /// <summary>Not promoted by a judged Hyperband round or by ASHA's rung (an ASHA trial may still be promoted while the
    /// search runs). A cancel never makes a trial stopped.</summary>
    Stopped,
    /// <summary>Its loss became NaN or infinite: never promoted, never best.</summary>
    Diverged,
    /// <summary>Its training failed; see the error.</summary>
    Failed,
    /// <summary>Unfinished when the job was cancelled: its training stopped (it stays running until then), or it was waiting
    /// for a round never judged, for its promotion's start or for a worker.</summary>
    Cancelled,
}

/// <summary>The results.json words for <see cref="TrialStatus"/>.</summary>
public static class TrialStatusWords
{
    public static string Word(this TrialStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>True for statuses whose objective may be compared (not diverged or failed). A cancelled trial ranks by the
    /// epochs it trained, as it did while running: cancelling a job keeps its best so far.</summary>
    public static bool IsRankable(this TrialStatus status) =>
        status is TrialStatus.Running or TrialStatus.Waiting or TrialStatus.Completed or TrialStatus.Stopped or TrialStatus.Cancelled;
}
