using System.Text.Json;
using Tuner.Contracts.Protocol;
using Tuner.Tests.Shared;
using Xunit.Abstractions;

namespace Tuner.Cli.Tests.Processes;

/// <summary>Three coordinators on PostgreSQL and two workers train a Hyperband job; the coordinator hosting the job
/// manager and a worker in the middle of a trial get SIGKILL together. When the job manager runs again on another
/// coordinator, the dead worker's node is already unreachable or down, so its attempt is requeued as the job recovers —
/// not after the 20 s attempt lease for a report that cannot come (the chaos soak's slow requeues: every further
/// hand-over restarted that lease). The job completes to plan. The same when the killed worker is restarted at once on
/// its fixed port: the member at that address is then a new incarnation, and the old one's attempt cannot report.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class WorkerKilledWithJobManagerTests(ITestOutputHelper output)
{
    private const string LeaseReason = "no report after the coordinator restarted";

    // ≈ 60-75 s each here: ~15 s to start, ~10 s of the job, the hand-over (≈ 20 s), the rest of the job.
    [PostgresTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_worker_killed_with_the_job_managers_host_has_its_attempt_requeued_when_the_job_recovers_not_after_the_lease(bool restartedOnItsPort)
    {
        using var bed = new ClusterTestBed();
        var db = TestDatabases.CreatePostgresDatabase();
        var ports = Enumerable.Range(0, 3).Select(_ => TunerProcess.FreePort()).ToArray();
        var coordinators = new List<ClusterTestBed.Coordinator> { bed.StartCoordinator(db, ports, ports[0]) };
        await bed.WaitReadyAsync(coordinators[0], TimeSpan.FromSeconds(60));
        for (int i = 1; i < ports.Length; i++) coordinators.Add(bed.StartCoordinator(db, ports, ports[i]));
        var seeds = string.Join(",", coordinators.Select(c => c.Seed));
        var survivor = bed.StartWorker(seeds);
        var victimPort = restartedOnItsPort ? TunerProcess.FreePort() : 0;
        var victim = bed.StartWorker(seeds, port: victimPort);
        foreach (var c in coordinators.Skip(1)) await bed.WaitReadyAsync(c, TimeSpan.FromSeconds(60));

        // The first coordinator formed the cluster and hosts the job manager. Ten times the points, as in WorkerCrashTests,
        // so that a trial lasts long enough to be caught mid-way.
        var jobId = await bed.SubmitAsync(coordinators[0], WorkerCrashTests.Job.Replace("crash-hb", "jm-and-worker-hb").Replace("\"length\": 12000", "\"length\": 120000"));
        var api = coordinators[1].Api;
        var victimId = restartedOnItsPort ? $"127.0.0.1:{victimPort}" : ClusterTestBed.WorkerId(victim); // a fixed port names the worker
        await bed.WaitForJobAsync(api, jobId, job => job["running"]!.AsArray().Any(r =>
            (string?)r!["worker"] == victimId && (int)r["epoch"]! > (int)r["fromEpoch"]! && (int)r["toEpoch"]! - (int)r["epoch"]! >= 4),
            TimeSpan.FromSeconds(120), "a trial in progress on the victim worker");
        var killedAt = DateTime.UtcNow;
        coordinators[0].Process.Kill();
        victim.Kill();
        if (restartedOnItsPort)
        {
            // Back on its port before the job manager is: a new incarnation at the address the attempt was journalled with.
            await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
            var restarted = bed.StartWorker(string.Join(",", coordinators.Skip(1).Select(c => c.Seed)), port: victimPort);
            await bed.WaitReadyAsync(restarted, TimeSpan.FromSeconds(60));
            output.WriteLine($"restarted worker up {(DateTime.UtcNow - killedAt).TotalSeconds:F1} s after the kill");
        }

        var final = await bed.WaitForJobAsync(api, jobId, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(300), "the job to finish");
        Assert.True((string?)final["status"] == "completed", bed.Diagnostics());
        ScheduleAssert.MatchesPlan((await bed.TryGet($"{api}/api/jobs/{jobId}/results"))!, maxEpochs: 9, factor: 3);

        // The victim's attempt was requeued once the job manager ran again, for its node, not for the lease.
        var survivors = coordinators.Skip(1).Select(c => c.Process).ToList();
        var requeues = survivors.SelectMany(p => p.LogEvents())
            .Where(e => e.Message().Contains("requeuing", StringComparison.Ordinal) && e.Message().Contains(victimId, StringComparison.Ordinal) && e.Time() > killedAt)
            .OrderBy(LogEventFields.Time).ToList();
        Assert.True(requeues.Count > 0, $"no requeue names {victimId}\n{bed.Diagnostics()}");
        Assert.All(requeues, e => Assert.DoesNotContain(LeaseReason, e.Message()));
        var started = survivors.SelectMany(p => p.LogEvents()).Where(e => e.Message().Contains("started singleton actor", StringComparison.Ordinal) && e.Time() > killedAt).Select(LogEventFields.Time).Min();
        output.WriteLine(JsonSerializer.Serialize(new
        {
            bench = "worker-killed-with-job-manager",
            jobManagerS = Math.Round((started - killedAt).TotalSeconds, 1),
            requeuedS = Math.Round((requeues[0].Time() - killedAt).TotalSeconds, 1),
            reason = requeues[0].Message(),
        }));
    }


}
