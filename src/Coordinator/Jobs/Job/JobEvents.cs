using System.Text.Json.Serialization;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Search;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>What a job's actor persists (<c>job-&lt;id&gt;</c>). <see cref="JobState.Apply"/> applies them, the same live
/// and on recovery; nothing that happened is left out, so the journal is the job's whole history.</summary>
public static class JobEvents
{
    /// <summary>Marks the job's events (bound to the Tuner serializer through <see cref="ITunerMessage"/>). Each is journalled
    /// as its own type; the discriminators name them only inside an <see cref="EventsRecorded"/>.</summary>
    [JsonPolymorphic]
    [JsonDerivedType(typeof(JobSubmitted), "jobSubmitted")]
    [JsonDerivedType(typeof(SearchEventRecorded), "searchEventRecorded")]
    [JsonDerivedType(typeof(AttemptStarted), "attemptStarted")]
    [JsonDerivedType(typeof(AttemptAbandoned), "attemptAbandoned")]
    [JsonDerivedType(typeof(AttemptHandedBack), "attemptHandedBack")]
    [JsonDerivedType(typeof(JobCancelRequested), "jobCancelRequested")]
    [JsonDerivedType(typeof(JobFinished), "jobFinished")]
    public interface IJobEvent : ITunerMessage;

    /// <summary>Events decided together (the attempts of one offer, the results of one batch), journalled as one entry:
    /// one row and one write instead of one per event. Applied one by one in order, live and on recovery.</summary>
    public sealed record EventsRecorded(ValueList<IJobEvent> Events) : IJobEvent;

    /// <summary>The job exists: its canonical spec (without inline CSV: a csv job's <c>data.path</c> names
    /// <paramref name="DataBlob"/>), the dataset blob, and when it was submitted. Always the first event.</summary>
    public sealed record JobSubmitted(string JobId, string Name, string SpecJson, string? DataBlob, DateTimeOffset SubmittedAt) : IJobEvent;

    /// <summary>An event of the search algorithm (work started, epoch reported, work finished, search cancelled),
    /// applied to the algorithm with its own <see cref="ISearchAlgorithm.Apply"/>.</summary>
    /// <param name="AttemptId">The attempt an epoch or a finish came from (null for work starts and cancellation).</param>
    /// <param name="Seconds">Training seconds the attempt reported with it: the epoch's for an
    /// <see cref="EpochReported"/>, the whole attempt's for a <see cref="WorkFinished"/>.</param>
    public sealed record SearchEventRecorded(SearchEvent Event, string? AttemptId = null, double Seconds = 0) : IJobEvent;

    /// <summary>Attempt <paramref name="AttemptId"/> (<c>&lt;workId&gt;#&lt;n&gt;</c>) of a work item went to a worker
    /// slot, resuming from <paramref name="ResumeCheckpoint"/> after epoch <paramref name="FromEpoch"/>.</summary>
    /// <param name="WorkerNode">The cluster address of the worker's node, with its incarnation when known
    /// (<see cref="WorkerNodes"/>; null in journals written before it was kept): after a restart, an attempt whose node
    /// has left the cluster, is unreachable or was replaced by a new incarnation is requeued at once instead of after the
    /// attempt lease.</param>
    public sealed record AttemptStarted(
        string AttemptId,
        string WorkId,
        string WorkerId,
        int Slot,
        string? ResumeCheckpoint,
        int FromEpoch,
        DateTimeOffset At,
        string? WorkerNode = null) : IJobEvent;

    /// <summary>The attempt ended without a result or a checkpoint; its work item is queued again and resumes from its
    /// newest checkpoint (unless a <see cref="SearchEventRecorded"/> of the same write gives it up).</summary>
    /// <param name="WorkerLost">Its worker was lost (terminated, unreachable, silent, or gone with the run that trained
    /// it), rather than stopping it itself: such losses in a row give the trial up
    /// (<see cref="CoordinatorSettings.LostAttemptsPerTrial"/>). False in journals written before it was recorded.</param>
    public sealed record AttemptAbandoned(string AttemptId, string Reason, bool WorkerLost = false) : IJobEvent;

    /// <summary>The worker left gracefully after epoch <paramref name="Epoch"/>, storing that state as
    /// <paramref name="CheckpointId"/>; the work item is queued again to resume there.</summary>
    public sealed record AttemptHandedBack(string AttemptId, int Epoch, string? CheckpointId) : IJobEvent;

    /// <summary>The user cancelled the job (the algorithm's <see cref="SearchCancelled"/> follows).</summary>
    public sealed record JobCancelRequested(DateTimeOffset At) : IJobEvent;

    /// <summary>The job ended: <c>completed</c>, <c>cancelled</c> or <c>failed</c> (with <paramref name="Error"/>).</summary>
    public sealed record JobFinished(string Status, DateTimeOffset At, string? Error = null) : IJobEvent;
}
