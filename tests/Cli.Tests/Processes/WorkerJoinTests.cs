using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Tests.Processes;

/// <summary>Workers that come before the coordinators, or in the middle of a job: both get work. Manifests applied in
/// any order (`kubectl apply -f deploy/k8s` starts workers and coordinators together, and a coordinator may take minutes
/// to be scheduled) must not leave workers crash-looping or idle.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class WorkerJoinTests
{
    /// <summary>Longer than the 60 s after which a worker used to give up joining (and exit).</summary>
    private static readonly TimeSpan CoordinatorLate = TimeSpan.FromSeconds(75);

    /// <summary>Both cases, each in its own cluster, side by side: the first spends <see cref="CoordinatorLate"/> with
    /// nothing to do but wait, time enough for the second to run.</summary>
    [Fact]
    public Task A_worker_started_before_any_coordinator_waits_for_one_and_one_that_joins_mid_job_is_given_work() =>
        Task.WhenAll(WorkerBeforeAnyCoordinatorAsync(), WorkerJoiningMidJobAsync());

    private static async Task WorkerBeforeAnyCoordinatorAsync()
    {
        using var bed = new ClusterTestBed();
        int seedPort = TunerProcess.FreePort();
        var worker = bed.StartWorker($"akka.tcp://tuner@127.0.0.1:{seedPort}");
        await Task.Delay(CoordinatorLate);
        Assert.False(worker.HasExited, $"the worker gave up waiting for a coordinator\n{worker}");

        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"), port: seedPort);
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        var jobId = await bed.SubmitAsync(coordinator, WorkerCrashTests.Job);
        var final = await bed.WaitForJobAsync(coordinator.Api, jobId, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(240), "the job to finish");
        Assert.True((string?)final["status"] == "completed", bed.Diagnostics());
        var results = (await bed.TryGet($"{coordinator.Api}/api/jobs/{jobId}/results"))!;
        ScheduleAssert.MatchesPlan(results, maxEpochs: 9, factor: 3);
        Assert.All(results["trials"]!.AsArray(), t => Assert.Equal(ClusterTestBed.WorkerId(worker), (string?)t!["worker"]));
    }

    private static async Task WorkerJoiningMidJobAsync()
    {
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"));
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        var first = bed.StartWorker(coordinator.Seed);
        var jobId = await bed.SubmitAsync(coordinator, DatabaseRestartTests.Job);
        await bed.WaitForJobAsync(coordinator.Api, jobId, job => (int)job["trialsFinished"]! >= 2, TimeSpan.FromSeconds(120), "two trials finished on the first worker");

        var late = bed.StartWorker(coordinator.Seed);
        var lateId = ClusterTestBed.WorkerId(late);
        var onLate = await bed.WaitForJobAsync(coordinator.Api, jobId,
            job => JobStatuses.IsFinal((string?)job["status"]) || job["running"]!.AsArray().Any(r => (string?)r!["worker"] == lateId),
            TimeSpan.FromSeconds(120), "a trial running on the worker that joined");
        Assert.True((string?)onLate["status"] == "running", $"the job ended before the late worker was given any work\n{bed.Diagnostics()}");

        var final = await bed.WaitForJobAsync(coordinator.Api, jobId, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(300), "the job to finish");
        Assert.True((string?)final["status"] == "completed", bed.Diagnostics());
        var results = (await bed.TryGet($"{coordinator.Api}/api/jobs/{jobId}/results"))!;
        ScheduleAssert.MatchesPlan(results, maxEpochs: 9, factor: 3);
        Assert.Contains(results["trials"]!.AsArray(), t => (string?)t!["worker"] == lateId);
        Assert.Contains(results["trials"]!.AsArray(), t => (string?)t!["worker"] == ClusterTestBed.WorkerId(first));
    }
}
