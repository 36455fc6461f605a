using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs.Job;

namespace Tuner.Coordinator.Jobs.Manager;

/// <summary>What the JobManager persists (<c>job-manager</c>): the jobs that exist, so it can start their actors
/// again after a restart or a singleton hand-over.</summary>
public static class JobManagerEvents
{
    /// <summary>A job was accepted under <paramref name="JobId"/>, with its canonical spec and dataset blob (what its
    /// actor's <see cref="JobEvents.JobSubmitted"/> holds; kept here too so a resubmission can be compared at once), and the
    /// client's idempotency key when it sent one (absent in journals written before keys existed).</summary>
    public sealed record JobRegistered(string JobId, string Name, string SpecJson, string? DataBlob, DateTimeOffset SubmittedAt,
        JobProtocol.SubmissionKey? Key = null) : ITunerMessage
    {
        public JobEvents.JobSubmitted ToSubmitted() => new(JobId, Name, SpecJson, DataBlob, SubmittedAt);
    }
}
