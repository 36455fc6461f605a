using Tuner.Coordinator.Jobs.Job;
using static Tuner.Coordinator.Jobs.Job.JobEvents;

namespace Tuner.Coordinator.Tests.Jobs.Job;

public sealed class JobJournalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<IJobEvent> _applied = [];
    private readonly List<(IJobEvent Entry, Action<IJobEvent> Durable)> _inFlight = [];
    private readonly List<string> _ran = [];
    private readonly JobJournal _journal;

    public JobJournalTests() =>
        _journal = new JobJournal(_applied.Add, (e, durable) => _inFlight.Add((e, durable)), () => _ran.Add("snapshot?"), () => _ran.Add("changed"));

    private void Confirm(int entry) => _inFlight[entry].Durable(_inFlight[entry].Entry);

    [Fact]
    public void A_decision_is_applied_at_once_written_as_one_entry_and_its_action_waits_until_it_is_durable()
    {
        IJobEvent[] decided = [new JobCancelRequested(T0), new JobFinished("cancelled", T0)];
        _journal.Record(decided, () => _ran.Add("reply"));
        Assert.Equal(decided, _applied);
        Assert.Equal(decided, Assert.IsType<EventsRecorded>(Assert.Single(_inFlight).Entry).Events);
        Assert.Empty(_ran);
        Assert.False(_journal.CaughtUp);

        Confirm(0);
        Assert.Equal(["reply", "snapshot?", "changed"], _ran);
        Assert.True(_journal.CaughtUp);
    }

    [Fact]
    public void A_single_event_is_its_own_entry_and_a_decision_without_events_waits_for_those_in_flight()
    {
        _journal.Record([new JobCancelRequested(T0)], () => _ran.Add("first cancel accepted"));
        _journal.Record([], () => _ran.Add("second cancel accepted"));
        Assert.IsType<JobCancelRequested>(Assert.Single(_inFlight).Entry);
        Assert.Empty(_ran);

        Confirm(0);
        Assert.Equal(["first cancel accepted", "snapshot?", "changed", "second cancel accepted", "changed"], _ran);
    }

    [Fact]
    public void With_nothing_in_flight_a_decision_without_events_acts_at_once()
    {
        _journal.Record([], () => _ran.Add("reply"));
        Assert.Equal(["reply", "changed"], _ran);
        Assert.Empty(_inFlight);
    }
}
