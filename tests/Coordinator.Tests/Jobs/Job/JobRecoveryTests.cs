using Tuner.Coordinator.Jobs.Job;
using static Tuner.Coordinator.Jobs.Job.JobEvents;

namespace Tuner.Coordinator.Tests.Jobs.Job;

/// <summary>When a job snapshots: after at least the interval's entries, and once the events applied since the last
/// snapshot are as many as the snapshot would hold records.</summary>
public sealed class JobRecoveryTests
{
    private static readonly IJobEvent Event = new AttemptAbandoned("t-0001.r0.x0#1", "worker lost");

    [Fact]
    public void A_snapshot_waits_for_the_interval_and_for_as_many_events_as_it_holds_records()
    {
        var recovery = new JobRecovery();
        for (var i = 0; i < 10; i++) recovery.Applied(Event);
        Assert.False(recovery.SnapshotDue(lastSequenceNr: 9, interval: 10, records: 5)); // 9 entries < the interval
        Assert.False(recovery.SnapshotDue(lastSequenceNr: 10, interval: 10, records: 11)); // 10 events < 11 records
        Assert.True(recovery.SnapshotDue(lastSequenceNr: 10, interval: 10, records: 10));

        // Counted afresh from the snapshot: an EventsRecorded entry counts each event in it.
        Assert.False(recovery.SnapshotDue(lastSequenceNr: 25, interval: 10, records: 1));
        recovery.Applied(new EventsRecorded([Event, Event, Event]));
        Assert.False(recovery.SnapshotDue(lastSequenceNr: 25, interval: 10, records: 4));
        recovery.Applied(Event);
        Assert.True(recovery.SnapshotDue(lastSequenceNr: 25, interval: 10, records: 4));
    }

    [Fact]
    public void An_interval_of_zero_never_snapshots()
    {
        var recovery = new JobRecovery();
        for (var i = 0; i < 1000; i++) recovery.Applied(Event);
        Assert.False(recovery.SnapshotDue(lastSequenceNr: 1000, interval: 0, records: 1));
    }
}
