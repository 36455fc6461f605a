using Akka.Actor;
using Akka.Persistence;
using static Tuner.Coordinator.Jobs.Job.JobEvents;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>How a job actor recovered (the snapshot it started from, the events replayed after it) and when its next
/// snapshot is due.</summary>
public sealed class JobRecovery
{
    private long _snapshotAt; // sequence number of the last snapshot taken or recovered from

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
        return JobState.FromSnapshot(snapshot);
    }

    public void Replay(JobState state, IJobEvent e)
    {
        state.Apply(e);
        EventsReplayed++;
    }

    /// <summary>True (and the snapshot counts as taken) when <paramref name="interval"/> entries, or for a big job as many
    /// as the snapshot would hold <paramref name="records"/> (search events, work items, attempts), were written since the
    /// last one: a fixed interval made snapshots O(n) each and O(n²) per job; this way all of a job's snapshots together
    /// are about as large as its journal, and recovery replays about as many entries as the snapshot holds. (Counting
    /// attempts alone, with an entry per live epoch report, took a snapshot each time a job grew by a third: a
    /// 100,000-trial job wrote 20 of up to 80 MB, and their buffers were most of the coordinator's memory.) 0: never.</summary>
    public bool SnapshotDue(long lastSequenceNr, int interval, int records)
    {
        if (interval <= 0 || lastSequenceNr - _snapshotAt < Math.Max(interval, records)) return false;
        _snapshotAt = lastSequenceNr;
        return true;
    }

    public Info Describe(long lastSequenceNr) => new(SnapshotSequenceNr, EventsReplayed, lastSequenceNr);

    /// <summary>Asks a job actor how it recovered (tests prove snapshot recovery with it); answered with <see cref="Info"/>.</summary>
    public sealed class GetInfo : INoSerializationVerificationNeeded { public static readonly GetInfo Instance = new(); }

    /// <summary>The snapshot recovery started from (null: none), the events replayed after it, and the last sequence number.</summary>
    public sealed record Info(long? SnapshotSequenceNr, int EventsReplayed, long LastSequenceNr) : INoSerializationVerificationNeeded;
}
