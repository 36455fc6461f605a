using Tuner.Coordinator.Search;
using static Tuner.Coordinator.Jobs.Job.JobEvents;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Which trials the events applied since the last <see cref="Take"/> changed: the dashboard's live updates carry
/// only those (<see cref="Tuner.Contracts.Protocol.DashboardProtocol.JobTrialsChanged"/>), never the whole job. The search's
/// own changes (statuses, epochs, objectives — also of trials another's result decided) come from the trial book
/// (<see cref="Search.Trials.TrialBook.TakeTouched"/>); what the runtime adds (running or pending, worker, seconds) from
/// the attempt events noted here. Pure: fed every event the job applies live, after <see cref="JobState.Apply"/>.</summary>
public sealed class TrialChanges
{
    private readonly HashSet<string> _trials = new(StringComparer.Ordinal);

    /// <summary>Notes the trials whose attempts <paramref name="e"/> started or ended.</summary>
    public void Note(JobState state, IJobEvent e)
    {
        switch (e)
        {
            case EventsRecorded recorded:
                foreach (var inner in recorded.Events) Note(state, inner);
                break;
            case SearchEventRecorded { Event: WorkFinished finished }:
                _trials.Add(state.Item(finished.WorkId).TrialId); // its attempt ended: seconds, worker
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

    /// <summary>Starts keeping changes (someone follows them), from now.</summary>
    public void Start(JobState state)
    {
        _trials.Clear();
        if (!state.IsSubmitted) return;
        state.Algorithm.Book.TrackTouched = true;
        state.Algorithm.Book.TakeTouched();
    }

    /// <summary>The trials changed since the last call, in no particular order; starts afresh.</summary>
    public IReadOnlyList<string> Take(JobState state)
    {
        if (state.IsSubmitted)
            foreach (var id in state.Algorithm.Book.TakeTouched()) _trials.Add(id);
        var changed = _trials.ToList();
        _trials.Clear();
        return changed;
    }

    /// <summary>Stops keeping changes (nobody follows them): the book's set would grow with every trial.</summary>
    public void Stop(JobState state)
    {
        _trials.Clear();
        if (!state.IsSubmitted) return;
        state.Algorithm.Book.TrackTouched = false;
        state.Algorithm.Book.TakeTouched();
    }

    private static string TrialOf(JobState state, string attemptId) => state.Item(state.Attempt(attemptId)!.WorkId).TrialId;
}
