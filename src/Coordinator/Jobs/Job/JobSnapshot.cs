using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Search;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>A job actor's snapshot: the job as submitted, every search event in order (replayed into a fresh
/// algorithm on recovery, the algorithm's own recovery contract) and the runtime's bookkeeping of work items
/// and attempts, which the algorithm does not know.</summary>
public sealed record JobSnapshot(
    JobEvents.JobSubmitted Submitted,
    ValueList<SearchEvent> SearchEvents,
    ValueList<JobSnapshot.Work> Works,
    ValueList<JobSnapshot.Attempt> Attempts,
    ValueList<string> Requeued,
    DateTimeOffset? CancelRequestedAt,
    JobEvents.JobFinished? Finished) : ITunerMessage
{
    /// <summary>A <see cref="WorkRecord"/> (its item is in the search events).</summary>
    public sealed record Work(string WorkId, ValueList<string> Attempts, string? Checkpoint, int CheckpointEpoch, bool Finished);

    /// <summary>An <see cref="AttemptRecord"/>.</summary>
    public sealed record Attempt(
        string AttemptId,
        string WorkId,
        string WorkerId,
        int Slot,
        string? ResumeCheckpoint,
        int FromEpoch,
        DateTimeOffset StartedAt,
        AttemptStatus Status,
        ValueList<EpochSeconds> Epochs,
        double? FinishedSeconds,
        int? HandBackEpoch,
        string? EndReason);

    /// <summary>Training seconds of one epoch.</summary>
    public sealed record EpochSeconds(int Epoch, double Seconds);
}
