using Akka.Actor;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs.Job;

namespace Tuner.Coordinator.Jobs;

/// <summary>Messages between the JobManager and its job actors. They never leave the coordinator's process
/// (the job actors are the manager's children), so they skip serialization.</summary>
public static class JobInternalProtocol
{
    /// <summary>Manager → job: a worker's idle slots. Sent with the worker actor as sender, so the job can answer the
    /// worker with <see cref="WorkProtocol.TrialAssignments"/>. The job answers the manager with <see cref="OfferAnswered"/>.</summary>
    public sealed record OfferWork(string WorkerId, IReadOnlyList<int> Slots) : INoSerializationVerificationNeeded;

    /// <summary>Job → manager: the offered slots that got an attempt (none: nothing to start right now).</summary>
    public sealed record OfferAnswered(string JobId, string WorkerId, IReadOnlyCollection<int> Taken) : INoSerializationVerificationNeeded;

    /// <summary>Manager → job: this job's share of a worker's <see cref="TrialProtocol.AttemptsFinished"/> (sender: the worker).</summary>
    public sealed record FinishedReports(IReadOnlyList<TrialProtocol.AttemptFinished> Reports) : INoSerializationVerificationNeeded;

    /// <summary>Job → manager: the job may have work again (a round completed, an attempt was requeued, it recovered);
    /// offer it the pending requests.</summary>
    public sealed record WorkMayBeAvailable(string JobId) : INoSerializationVerificationNeeded;

    /// <summary>Manager → jobs: a cluster member became unreachable or was removed; attempts of workers there are lost.</summary>
    public sealed record WorkerUnreachable(Address Address) : INoSerializationVerificationNeeded;

    /// <summary>Job → manager: the job's summary changed (the manager keeps them for <see cref="JobProtocol.GetJobs"/>).</summary>
    public sealed record JobSummaryChanged(JobSummary Summary) : INoSerializationVerificationNeeded;

    /// <summary>Job → manager: the job's actor (re)started and is recovering from the journal; until its next summary the
    /// manager answers queries about it with the status <see cref="JobStatuses.Recovering"/>.</summary>
    public sealed record JobRecovering(string JobId) : INoSerializationVerificationNeeded;

    /// <summary>Manager → job: the job as registered; the job persists it as its first event unless it already has.
    /// Sent every time the manager starts the job's actor, so a crash between the two journals loses nothing.</summary>
    public sealed record StartJob(JobEvents.JobSubmitted Submitted) : INoSerializationVerificationNeeded;

    /// <summary>Manager → job: stop after the current persist (the manager is handing over or shutting down).
    /// The job's backoff supervisor stops with it instead of restarting it.</summary>
    public sealed record StopJob : INoSerializationVerificationNeeded
    {
        public static StopJob Instance { get; } = new();
    }

    /// <summary>Stops the JobManager gracefully: its jobs finish their in-flight persists first. The cluster
    /// singleton's termination message (a PoisonPill could cut a persist short and duplicate sequence numbers).</summary>
    public sealed record StopJobManager : INoSerializationVerificationNeeded
    {
        public static StopJobManager Instance { get; } = new();
    }
}
