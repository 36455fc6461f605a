using Tuner.Contracts.Collections;
using static Tuner.Coordinator.Jobs.Job.JobEvents;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>How a job records what it decided: applies the events at once — so the next command already sees them, and
/// many writes are in flight for the journal to batch into one transaction — and persists each decision's events as
/// one journal entry (<see cref="EventsRecorded"/> when several: one row and one write instead of many). What rests on
/// them (replies, acknowledgements, assignments) waits in a <see cref="WriteBarrier"/> until they are durable.</summary>
/// <param name="apply">Applies one event to the job's state.</param>
/// <param name="persistAsync">The actor's <c>PersistAsync</c>.</param>
/// <param name="durable">Runs after each entry is durable, after the decision's own action (e.g. a snapshot).</param>
/// <param name="changed">Runs after every decision's action (e.g. completion checks and publishing).</param>
public sealed class JobJournal(Action<IJobEvent> apply, Action<IJobEvent, Action<IJobEvent>> persistAsync, Action durable, Action changed)
{
    private readonly WriteBarrier _writes = new();

    /// <summary>True when every entry written is durable.</summary>
    public bool CaughtUp => _writes.CaughtUp;

    /// <summary>Runs <paramref name="action"/> once the entries written so far are durable (at once when they are).</summary>
    public void AfterWrites(Action action) => _writes.AfterWrites(action);

    /// <summary>Applies <paramref name="events"/> at once and persists them; <paramref name="then"/> runs once they are durable.</summary>
    public void Record(IReadOnlyList<IJobEvent> events, Action? then) => PersistApplied(ApplyNow(events, []), then);

    /// <summary>Applies <paramref name="events"/> now and adds them to <paramref name="decided"/>, to be persisted together.</summary>
    public List<IJobEvent> ApplyNow(IReadOnlyList<IJobEvent> events, List<IJobEvent> decided)
    {
        foreach (var e in events) apply(e);
        decided.AddRange(events);
        return decided;
    }

    /// <summary>Persists events already applied as one entry; <paramref name="then"/> runs once they are durable. With no
    /// events it still waits for the entries in flight: an answer may rest on them (a second cancel must not be
    /// confirmed before the first is durable).</summary>
    public void PersistApplied(IReadOnlyList<IJobEvent> events, Action? then)
    {
        if (events.Count == 0)
        {
            _writes.AfterWrites(() =>
            {
                then?.Invoke();
                changed();
            });
            return;
        }
        _writes.Issued(() =>
        {
            then?.Invoke();
            durable();
            changed();
        });
        persistAsync(events.Count == 1 ? events[0] : new EventsRecorded(events.ToValueList()), _ => _writes.Durable());
    }
}
