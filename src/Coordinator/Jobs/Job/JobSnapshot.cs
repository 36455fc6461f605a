using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Search;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>A job actor's snapshot: the job as submitted, every search event in order (replayed into a fresh
/// algorithm on recovery, the algorithm's own recovery contract) and the runtime's records of work items and
/// attempts — the very records <see cref="JobState"/> keeps live.</summary>
public sealed record JobSnapshot(
    JobEvents.JobSubmitted Submitted,
    ValueList<SearchEvent> SearchEvents,
    ValueList<WorkRecord> Works,
    ValueList<AttemptRecord> Attempts,
    ValueList<string> Requeued,
    DateTimeOffset? CancelRequestedAt,
    JobEvents.JobFinished? Finished) : ILargeMessage;
