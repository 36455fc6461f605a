using Tuner.Coordinator.Jobs.Job;
using Tuner.Coordinator.Jobs.Manager;
using Tuner.Runtime.Serialization;

namespace Tuner.Coordinator.Tests.Jobs;

public sealed class JournalCompatibilityTests
{
    /// <summary>The manifests of journals and snapshots written while every job type lived in <c>Tuner.Coordinator.Jobs</c>
    /// (before the split into <c>Manager</c> and <c>Job</c>): a coordinator upgraded over such a database recovers.</summary>
    public static TheoryData<string, Type> FormerManifests => new()
    {
        { "Tuner.Coordinator.Jobs.JobEvents+EventsRecorded", typeof(JobEvents.EventsRecorded) },
        { "Tuner.Coordinator.Jobs.JobEvents+JobSubmitted", typeof(JobEvents.JobSubmitted) },
        { "Tuner.Coordinator.Jobs.JobEvents+SearchEventRecorded", typeof(JobEvents.SearchEventRecorded) },
        { "Tuner.Coordinator.Jobs.JobEvents+AttemptStarted", typeof(JobEvents.AttemptStarted) },
        { "Tuner.Coordinator.Jobs.JobEvents+AttemptAbandoned", typeof(JobEvents.AttemptAbandoned) },
        { "Tuner.Coordinator.Jobs.JobEvents+AttemptHandedBack", typeof(JobEvents.AttemptHandedBack) },
        { "Tuner.Coordinator.Jobs.JobEvents+JobCancelRequested", typeof(JobEvents.JobCancelRequested) },
        { "Tuner.Coordinator.Jobs.JobEvents+JobFinished", typeof(JobEvents.JobFinished) },
        { "Tuner.Coordinator.Jobs.JobSnapshot", typeof(JobSnapshot) },
        { "Tuner.Coordinator.Jobs.JobManagerEvents+JobRegistered", typeof(JobManagerEvents.JobRegistered) },
    };

    [Theory]
    [MemberData(nameof(FormerManifests))]
    public void Journals_written_before_the_jobs_were_split_into_manager_and_job_still_read(string manifest, Type type) =>
        Assert.Equal(type, TunerJsonSerializer.Resolve(manifest));

    [Fact]
    public void An_abandoned_attempt_journalled_before_lost_workers_were_counted_reads_as_not_lost()
    {
        // As journals before WorkerLost held it: such a loss does not count towards giving the trial up.
        var json = System.Text.Encoding.UTF8.GetBytes("""{"AttemptId":"t-0001.r0.x0#1","Reason":"worker terminated"}""");
        var read = (JobEvents.AttemptAbandoned)System.Text.Json.JsonSerializer.Deserialize(json, typeof(JobEvents.AttemptAbandoned), TunerJsonSerializer.Options)!;
        Assert.Equal(new JobEvents.AttemptAbandoned("t-0001.r0.x0#1", "worker terminated", WorkerLost: false), read);
    }
}
