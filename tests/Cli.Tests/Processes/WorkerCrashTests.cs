using System.Text.Json.Nodes;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Tests.Processes;

/// <summary>One coordinator and two worker processes on loopback run a Hyperband job; one worker is
/// killed with SIGKILL in the middle of a trial; the job completes with every scheduled trial
/// accounted for exactly once and the plan's epochs per round.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class WorkerCrashTests
{
    // Long enough (≈ 10–20 s here) that the second worker has joined and the runs can be stopped midway: a shorter
    // series let one worker finish the whole job before the other joined.
    internal const string Job = """
        {
          "name": "crash-hb",
          "seed": 11,
          "data": { "kind": "sine", "length": 12000, "noise": 0.1 },
          "window": 10,
          "searchSpace": {
            "units":         { "type": "choice", "values": [16, 24] },
            "learning_rate": { "type": "float", "min": 1e-3, "max": 1e-2, "sampling": "log" }
          },
          "algorithm": { "type": "hyperband", "maxEpochs": 9, "factor": 3 }
        }
        """;

    [Fact]
    public async Task A_worker_killed_mid_trial_loses_nothing_and_the_job_completes_to_plan()
    {
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"));
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        var survivor = bed.StartWorker(coordinator.Seed);
        var victim = bed.StartWorker(coordinator.Seed);
        // Ten times the points, so that a 9-epoch trial lasts seconds and the 250 ms poll sees one mid-way: on 12,000
        // points the faster engine's epochs took ~30 ms and the victim was seldom caught inside a trial.
        var jobId = await bed.SubmitAsync(coordinator, Job.Replace("\"length\": 12000", "\"length\": 120000"));

        // Kill the victim while it is inside a trial: at least one epoch done and at least four to go, so the
        // trial cannot finish between this status and the kill (epochs take a fraction of a second).
        var victimId = ClusterTestBed.WorkerId(victim);
        JsonNode? runningOnVictim = null;
        await bed.WaitForJobAsync(coordinator.Api, jobId, job =>
        {
            runningOnVictim = job["running"]!.AsArray().FirstOrDefault(r =>
                (string?)r!["worker"] == victimId && (int)r["epoch"]! > (int)r["fromEpoch"]! && (int)r["toEpoch"]! - (int)r["epoch"]! >= 4);
            return runningOnVictim is not null;
        }, TimeSpan.FromSeconds(120), "a trial in progress on the victim worker");
        victim.Kill();

        var final = await bed.WaitForJobAsync(coordinator.Api, jobId, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(240), "the job to finish");
        Assert.True((string?)final["status"] == "completed", bed.Diagnostics());
        var results = (await bed.TryGet($"{coordinator.Api}/api/jobs/{jobId}/results"))!;
        ScheduleAssert.MatchesPlan(results, maxEpochs: 9, factor: 3);
        // The interrupted trial was re-run to completion, by the survivor.
        var interrupted = results["trials"]!.AsArray().Single(t => (string?)t!["trialId"] == (string?)runningOnVictim!["trialId"])!;
        Assert.NotEqual(victimId, (string?)interrupted["worker"]);
        Assert.Contains(coordinator.Process.LogEvents(), e => e.Message().Contains("requeu", StringComparison.Ordinal));
    }
}

/// <summary>Tests that start real processes run one at a time within a test run: each needs the machine's cores. (./build.sh
/// test runs those of the <see cref="ClusterLane"/>, which mostly wait, in a second run beside the first.)</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTests
{
    public const string Name = "processes";
}
