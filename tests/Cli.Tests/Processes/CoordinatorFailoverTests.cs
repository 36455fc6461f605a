using Tuner.Tests.Shared;

namespace Tuner.Cli.Tests.Processes;

/// <summary>Two coordinators share a PostgreSQL journal; the one hosting the job-manager singleton is
/// killed with SIGKILL while a job runs. The singleton moves to the other coordinator, the job recovers
/// from the journal and completes to plan, served by the surviving node's API.</summary>
[Collection(ProcessTests.Name)]
public sealed class CoordinatorFailoverTests
{
    [PostgresFact]
    public async Task Killing_the_singletons_coordinator_moves_the_job_to_the_other_and_it_completes()
    {
        using var bed = new ClusterTestBed();
        var db = TestDatabases.CreatePostgresDatabase();
        int firstPort = TunerProcess.FreePort(), secondPort = TunerProcess.FreePort();
        // The split-brain resolver counts coordinators only: with two, a crash is a 1:1 tie, which the
        // side holding the lowest address wins. The first (the singleton's host) is killed, so the
        // survivor gets the lower port. Deployments run an odd number of coordinators (3).
        if (secondPort > firstPort) (firstPort, secondPort) = (secondPort, firstPort);
        int[] seeds = [firstPort, secondPort];
        // The first seed starts alone (it may join itself); the oldest node hosts the singleton.
        var first = bed.StartCoordinator(db, seeds, firstPort);
        await bed.WaitReadyAsync(first, TimeSpan.FromSeconds(60));
        var second = bed.StartCoordinator(db, seeds, secondPort);
        var seedList = $"{first.Seed},{second.Seed}";
        bed.StartWorker(seedList);
        bed.StartWorker(seedList);
        await bed.WaitReadyAsync(second, TimeSpan.FromSeconds(60));

        var jobId = await bed.SubmitAsync(first, WorkerCrashTests.Job.Replace("crash-hb", "failover-hb"));
        await bed.WaitForJobAsync(first.Api, jobId, job => (int)job["trialsFinished"]! >= 3 && job["running"]!.AsArray().Count > 0,
            TimeSpan.FromSeconds(120), "three finished trials and one running");
        first.Process.Kill();

        var final = await bed.WaitForJobAsync(second.Api, jobId, job => (string?)job["status"] != "running", TimeSpan.FromSeconds(300), "the job to finish on the second coordinator");
        Assert.True((string?)final["status"] == "completed", bed.Diagnostics());
        var results = (await bed.TryGet($"{second.Api}/api/jobs/{jobId}/results"))!;
        ScheduleAssert.MatchesPlan(results, maxEpochs: 9, factor: 3);
        Assert.Contains(second.Process.LogEvents(), e => e.GetProperty("@m").GetString()!.Contains("recovered", StringComparison.Ordinal));
    }
}
