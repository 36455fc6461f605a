using System.Diagnostics;
using Tuner.Contracts.Protocol;
using Tuner.Tests.Shared;
using Xunit.Abstractions;

namespace Tuner.Cli.Tests.Processes;

/// <summary>The database restarts under a running job, as a user's PostgreSQL does when it is upgraded, fails over or
/// is restarted by its operator: a coordinator and two worker processes with the default timings, a Hyperband job, and
/// PostgreSQL (a server of the test's own) stopped for 10 s and started again, twice — once cleanly, once as a crash. A
/// blink of the database is nobody's fault: the job completes to plan, no trial failed, every trial has one result, and
/// the epochs trained are the plan's.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    // Models whose checkpoints (≈ 0.1-0.2 MB) are too big to travel inside a result: the workers store them through the
    // coordinator, into the database. Epochs of ≈ 0.5-1 s, so trials finish, and store, while the database is down.
    internal const string Job = """
        {
          "name": "db-restart",
          "seed": 11,
          "data": { "kind": "sine", "length": 60000, "noise": 0.1 },
          "window": 10,
          "searchSpace": {
            "units":         { "type": "choice", "values": [64, 96] },
            "learning_rate": { "type": "float", "min": 1e-3, "max": 1e-2, "sampling": "log" }
          },
          "algorithm": { "type": "hyperband", "maxEpochs": 9, "factor": 3 }
        }
        """;

    [PostgresFact]
    public async Task A_job_completes_to_plan_through_two_10_s_database_outages()
    {
        var clock = Stopwatch.StartNew();
        void Log(string message) => output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1} s] {message}");
        using var postgres = ThrowawayPostgres.Start();
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(postgres.ConnectionString);
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        bed.StartWorker(coordinator.Seed);
        bed.StartWorker(coordinator.Seed);
        var jobId = await bed.SubmitAsync(coordinator, Job);
        Log($"job {jobId} submitted");

        int finished = 0;
        for (int outage = 1; outage <= 2; outage++)
        {
            // Three trials finished (since the last outage), and trials in training.
            var before = await bed.WaitForJobAsync(coordinator.Api, jobId,
                job => (int)job["trialsFinished"]! >= finished + 3 && job["running"]!.AsArray().Count > 0, TimeSpan.FromSeconds(240),
                $"progress before outage {outage}");
            finished = (int)before["trialsFinished"]!;
            Assert.True((string?)before["status"] == "running", $"the job ended before outage {outage}: the test would prove nothing ({before.ToJsonString()})");
            postgres.Stop(outage == 1 ? "fast" : "immediate");
            Log($"outage {outage}: PostgreSQL stopped with {before["trialsFinished"]} trials finished, {before["running"]!.AsArray().Count} running");
            await Task.Delay(Outage);
            postgres.StartServer();
            Log($"outage {outage}: PostgreSQL started again");
        }

        var final = await bed.WaitForJobAsync(coordinator.Api, jobId, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(300), "the job to finish");
        Log($"job ended {final["status"]}");
        Assert.True((string?)final["status"] == "completed", bed.Diagnostics());
        var results = (await bed.TryGet($"{coordinator.Api}/api/jobs/{jobId}/results"))!;
        ScheduleAssert.MatchesPlan(results, maxEpochs: 9, factor: 3);
    }
}
