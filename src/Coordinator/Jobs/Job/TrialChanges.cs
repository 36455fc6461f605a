using Tuner.Coordinator.Search;
using static Tuner.Coordinator.Jobs.Job.JobEvents;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Which trials the events applied since the last <see cref="Take"/> touched: the dashboard's live updates carry
/// only those (<see cref="Tuner.Contracts.Protocol.DashboardProtocol.JobTrialsChanged"/>), never the whole job. Pure: fed
/// every event the job applies live (after <see cref="JobState.Apply"/>, so a new work item is known).</summary>
public sealed class TrialChanges
{
    private readonly HashSet<string> _trials = new(StringComparer.Ordinal);

    public int Count => _trials.Count;

    /// <summary>Notes the trials <paramref name="e"/> changed (status, epochs, objective, worker, seconds).</summary>
    public void Note(JobState state, IJobEvent e)
    {
        switch (e)
        {
            case EventsRecorded recorded:
                foreach (var inner in recorded.Events) Note(state, inner);
                break;
            case SearchEventRecorded { Event: WorkStarted started }:
                _trials.Add(started.Item.TrialId);
                break;
            case SearchEventRecorded { Event: EpochReported reported }:
                _trials.Add(state.Item(reported.WorkId).TrialId);
                break;
            case SearchEventRecorded { Event: WorkFinished finished }:
                _trials.Add(state.Item(finished.WorkId).TrialId);
                break;
            case SearchEventRecorded { Event: SearchCancelled }:
            case JobFinished:
                // Pending trials may end with the search: every trial not yet final could have changed its word.
                foreach (var trial in state.Algorithm.Book.Trials())
                    if (trial.Status is Search.Trials.TrialStatus.Running or Search.Trials.TrialStatus.Waiting or Search.Trials.TrialStatus.Cancelled)
                        _trials.Add(trial.TrialId);
                break;
            case AttemptStarted started:
                _trials.Add(state.Item(started.WorkId).TrialId);
                break;
            case AttemptAbandoned abandoned:
                _trials.Add(TrialOf(state, abandoned.AttemptId));
                break;
            case AttemptHandedBack handedBack:
                _trials.Add(TrialOf(state, handedBack.AttemptId));
                break;
        }
    }

    /// <summary>The trials changed since the last call, in no particular order; starts afresh.</summary>
    public IReadOnlyList<string> Take()
    {
        var changed = _trials.ToList();
        _trials.Clear();
        return changed;
    }

    private static string TrialOf(JobState state, string attemptId) => state.Item(state.Attempt(attemptId)!.WorkId).TrialId;
}
