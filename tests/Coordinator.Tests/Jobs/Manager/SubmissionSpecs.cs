using System.Text;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Tests.Support;
using Tuner.Tests.Shared;
using Tuner.Engine.Data;
using Xunit.Abstractions;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Coordinator.Tests.Jobs.Manager;

/// <summary>SubmitJob through the JobManager: every problem of a bad spec or bad data at once, resuming an unchanged
/// job, refusing a changed one with what differs, and a csv job's data stored once as a dataset blob.</summary>
public sealed class SubmissionSpecs(ITestOutputHelper output)
{
    public static TheoryData<string> Databases => TestDatabases.Both;

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_bad_spec_is_rejected_with_every_problem(string db)
    {
        using var h = JobHarness.Start(db, output);
        var bad = TestJobs.Hyperband().Replace("\"window\": 5", "\"window\": 0").Replace("\"factor\": 3", "\"factor\": 1").Replace("\"min\": 8", "\"min\": -8");
        var rejected = h.Ask<JobRejected>(new SubmitJob(bad));
        Assert.Equal(JobSpecParser.Validate(bad), rejected.Errors);
        Assert.True(rejected.Errors.Count >= 2, string.Join("\n", rejected.Errors));
        Assert.Contains(rejected.Errors, e => e.StartsWith("window", StringComparison.Ordinal));
        Assert.Contains(rejected.Errors, e => e.StartsWith("algorithm.factor", StringComparison.Ordinal));

        Assert.Single(h.Ask<JobRejected>(new SubmitJob("{ not json")).Errors);
        Assert.Contains("job id", h.Ask<JobRejected>(new SubmitJob(TestJobs.Hyperband(), "Bad Id!")).Errors.Single());
        Assert.Empty(h.Ask<JobList>(GetJobs.Instance).Jobs);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Data_problems_are_rejected_with_the_row_and_column_or_the_window(string db)
    {
        using var h = JobHarness.Start(db, output);
        var badCsv = h.Ask<JobRejected>(new SubmitJob(TestJobs.Csv("t,y\n0,1.0\n1,abc\n2,3.0\n")));
        var problem = Assert.Single(badCsv.Errors);
        Assert.Contains("abc", problem);
        Assert.Contains("y", problem);

        var missingColumn = h.Ask<JobRejected>(new SubmitJob(TestJobs.Csv("t,z\n0,1\n1,2\n")));
        Assert.Contains("y", Assert.Single(missingColumn.Errors));

        var tooShort = TestJobs.Hyperband().Replace("\"length\": 200", "\"length\": 20").Replace("\"window\": 5", "\"window\": 40");
        Assert.NotEmpty(h.Ask<JobRejected>(new SubmitJob(tooShort)).Errors);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void The_same_id_and_spec_resume_and_a_changed_spec_is_rejected_with_the_differences(string db)
    {
        using var h = JobHarness.Start(db, output);
        var spec = TestJobs.Hyperband("sine-lstm");
        Assert.Equal(new JobAccepted("sine-lstm", false), h.Ask<object>(new SubmitJob(spec, "sine-lstm")));
        var worker = h.Worker("w1");
        worker.Run(worker.Take());

        // Same search, written differently (a default made explicit): resumed, the job goes on.
        var explicitDefaults = spec.Replace("\"window\": 5", "\"window\": 5, \"horizon\": 1");
        Assert.Equal(new JobAccepted("sine-lstm", true), h.Ask<object>(new SubmitJob(explicitDefaults, "sine-lstm")));
        h.RestartManager();
        Assert.Equal(new JobAccepted("sine-lstm", true), h.Ask<object>(new SubmitJob(spec, "sine-lstm")));
        Assert.Equal(1, h.Summary("sine-lstm").EpochsTrained);

        var changed = spec.Replace("\"max\": 64", "\"max\": 128").Replace("\"seed\": 7", "\"seed\": 8");
        var rejected = h.Ask<JobRejected>(new SubmitJob(changed, "sine-lstm"));
        Assert.Contains(rejected.Errors, e => e.Contains("sine-lstm") && e.Contains("different search"));
        Assert.Contains("seed: was 7, now 8", rejected.Errors);
        Assert.Contains("searchSpace.units.max: was 64, now 128", rejected.Errors);
        Assert.Single(h.Ask<JobList>(GetJobs.Instance).Jobs);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Without_an_id_a_job_is_named_after_its_spec(string db)
    {
        using var h = JobHarness.Start(db, output);
        var first = h.Submit(TestJobs.Hyperband("sine"));
        var second = h.Submit(TestJobs.Hyperband("sine"));
        Assert.Matches("^sine-[0-9a-f]{6}$", first);
        Assert.Matches("^sine-[0-9a-f]{6}$", second);
        Assert.NotEqual(first, second);
        Assert.Equal("sine", h.Summary(first).Name);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_submission_sent_again_under_its_key_is_the_job_the_first_made_also_while_checked_and_after_a_restart(string db)
    {
        using var h = JobHarness.Start(db, output);
        var spec = TestJobs.Hyperband("keyed");
        var key = new SubmissionKey("k-1", "digest-a");
        // Sent three times before the first is answered (its answer lost on the way, the client tries again): one check, one job.
        var probes = Enumerable.Range(0, 3).Select(_ => h.Kit.CreateTestProbe()).ToList();
        foreach (var probe in probes) h.Manager.Tell(new SubmitJob(spec, Key: key), probe);
        var answers = probes.Select(p => p.ExpectMsg<JobAccepted>(JobHarness.Timeout)).ToList();
        var jobId = answers[0].JobId;
        Assert.Equal([new JobAccepted(jobId, false), new JobAccepted(jobId, false, Repeated: true), new JobAccepted(jobId, false, Repeated: true)], answers);

        Assert.Equal(new JobAccepted(jobId, false, Repeated: true), h.Ask<object>(new SubmitJob(spec, Key: key)));
        h.RestartManager(); // the key is in the journal
        Assert.Equal(new JobAccepted(jobId, false, Repeated: true), h.Ask<object>(new SubmitJob(spec, Key: key)));
        var refused = Assert.Single(h.Ask<JobRejected>(new SubmitJob(spec, Key: key with { BodyDigest = "digest-b" })).Errors);
        Assert.Contains($"Idempotency-Key 'k-1' came with another job spec before (that submission made job {jobId})", refused);
        Assert.Equal([jobId], h.Ask<JobList>(GetJobs.Instance).Jobs.Select(j => j.Id));

        // Another key is another job; a refused submission's key makes nothing, and its repeat is refused again.
        Assert.NotEqual(jobId, Assert.IsType<JobAccepted>(h.Ask<object>(new SubmitJob(spec, Key: new SubmissionKey("k-2", "digest-a")))).JobId);
        var bad = spec.Replace("\"window\": 5", "\"window\": 0");
        var badKey = new SubmissionKey("k-3", "digest-c");
        Assert.Equal(h.Ask<JobRejected>(new SubmitJob(bad, Key: badKey)).Errors, h.Ask<JobRejected>(new SubmitJob(bad, Key: badKey)).Errors);
        Assert.Equal(2, h.Ask<JobList>(GetJobs.Instance).Jobs.Count);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_csv_jobs_content_is_stored_as_a_dataset_blob_and_its_assignments_carry_the_blob_id(string db)
    {
        using var h = JobHarness.Start(db, output);
        var csv = TestJobs.SeriesCsv(60);
        var jobId = h.Submit(TestJobs.Csv(csv));
        var blob = BlobProtocol.Ids.Dataset(DataFingerprint.Of(csv));
        Assert.Equal(csv, Encoding.UTF8.GetString((await h.Blobs.GetAsync(blob))!));

        var assignment = h.Worker("w1").Take();
        Assert.Equal(blob, assignment.DataBlob);
        var spec = JobSpecParser.Parse(assignment.SpecJson);
        var data = Assert.IsType<CsvDataSpec>(spec.Data);
        Assert.Null(data.Content);
        Assert.Equal(blob, data.Path);
        Assert.DoesNotContain("0.1987", assignment.SpecJson); // no CSV inside the spec

        // The worker fetches the dataset in chunks through the manager.
        var probe = h.Kit.CreateTestProbe();
        h.Manager.Tell(new BlobProtocol.GetBlobChunk(blob, 0), probe);
        var chunk = probe.ExpectMsg<BlobProtocol.BlobChunk>();
        Assert.Equal(csv, Encoding.UTF8.GetString(chunk.Data));

        // The same content under another job is the same blob, and the resubmission of the job resumes it.
        Assert.Equal(new JobAccepted(jobId, true), h.Ask<object>(new SubmitJob(TestJobs.Csv(csv), jobId)));
        var other = h.Submit(TestJobs.Csv(csv, "another"));
        var otherAssignment = h.Worker("w2").Take();
        Assert.Equal(other, otherAssignment.JobId);
        Assert.Equal(blob, otherAssignment.DataBlob);
    }
}
