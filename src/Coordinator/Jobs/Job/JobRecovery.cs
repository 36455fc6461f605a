using Akka.Actor;
using Akka.Persistence;
using static Tuner.Coordinator.Jobs.Job.JobEvents;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>How a job actor recovered (the snapshot it started from, the events replayed after it) and when its next
/// snapshot is due.</summary>
public sealed class JobRecovery
{
    private long _snapshotAt; // sequence number of the last snapshot taken or recovered from
    private long _eventsSince; // events applied since then (those inside an EventsRecorded each count)

    /// <summary>The snapshot recovery started from (null: none).</summary>
    public long? SnapshotSequenceNr { get; private set; }

    public int EventsReplayed { get; private set; }

    /// <summary>True when recovery found anything (a snapshot or events).</summary>
    public bool Recovered => SnapshotSequenceNr is not null || EventsReplayed > 0;

    /// <summary>The state a job snapshot holds (null: not a job snapshot).</summary>
    public JobState? Restore(SnapshotOffer offer)
    {
        if (offer.Snapshot is not JobSnapshot snapshot) return null;
        SnapshotSequenceNr = _snapshotAt = offer.Metadata.SequenceNr;
        _eventsSince = 0;
        return JobState.FromSnapshot(snapshot);
    }

    public void Replay(JobState state, IJobEvent e)
    {
        state.Apply(e);
        Applied(e);
        EventsReplayed++;
    }

    /// <summary>Counts an event applied (live or replayed) towards the next snapshot.</summary>
    public void Applied(IJobEvent e)
    {
        if (e is not EventsRecorded recorded) _eventsSince++;
        else foreach (var inner in recorded.Events) Applied(inner);
    }

    /// <summary>True (and the snapshot counts as taken) once at least <paramref name="interval"/> entries were written since
    /// the last one and, for a big job, as many events were applied since as the snapshot would hold
    /// <paramref name="records"/> (search events, work items, attempts): a snapshot is taken when replaying what came
    /// after the last one would cost about as much as restoring a new one. So all of a job's snapshots together are
    /// about as large as its journal (a fixed interval made them O(n²) per job), and recovery replays about as much as
    /// the snapshot holds. (Taken each time the attempts grew by the entries since — one per live epoch report — a
    /// 100,000-trial job wrote 20 snapshots of up to 80 MB, whose buffers were most of the coordinator's memory.)
    /// An interval of 0: never.</summary>
    public bool SnapshotDue(long lastSequenceNr, int interval, int records)
    {
        if (interval <= 0 || lastSequenceNr - _snapshotAt < interval || _eventsSince < records) return false;
        _eventsSince = 0;
        _snapshotAt = lastSequenceNr;
        return true;
    }

    public Info Describe(long lastSequenceNr) => new(SnapshotSequenceNr, EventsReplayed, lastSequenceNr);

    /// <summary>Asks a job actor how it recovered (tests prove snapshot recovery with it); answered with <see cref="Info"/>.</summary>
    public sealed class GetInfo : INoSerializationVerificationNeeded { public static readonly GetInfo Instance = new(); }

    /// <summary>The snapshot recovery started from (null: none), the events replayed after it, and the last sequence number.</summary>
    public sealed record Info(long? SnapshotSequenceNr, int EventsReplayed, long LastSequenceNr) : INoSerializationVerificationNeeded;
}
