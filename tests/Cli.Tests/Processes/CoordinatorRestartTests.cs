using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Tests.Processes;

/// <summary>The only coordinator restarted gracefully (SIGTERM, then started again on its address and database, as an
/// upgrade does): its worker, left alone in a cluster nobody downs, leaves it and its process ends, so that started again
/// it joins the coordinator's new cluster. It used to stay Up there for ever, listed nowhere and given no work.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class CoordinatorRestartTests
{
    [Fact]
    public async Task A_worker_whose_only_coordinator_left_ends_and_started_again_trains_for_the_restarted_one()
    {
        using var bed = new ClusterTestBed();
        var db = Path.Combine(bed.Directory, "tuner.db");
        var coordinator = bed.StartCoordinator(db);
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        var worker = bed.StartWorker(coordinator.Seed, noopTrainer: true);
        await bed.WaitReadyAsync(worker, TimeSpan.FromSeconds(60));

        coordinator.Process.Terminate();
        Assert.Equal(0, await coordinator.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var restarted = bed.StartCoordinator(db, port: coordinator.Port);
        await bed.WaitReadyAsync(restarted, TimeSpan.FromSeconds(60));

        // The worker leaves once the coordinator is gone (within the cluster's removal of it) and its process ends, with 1:
        // it was not asked to stop, and a supervisor must start it again (Restart=on-failure did not, after its 0).
        Assert.Equal(1, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(worker.LogEvents(), e => e.Message().StartsWith("No coordinator is left in the cluster", StringComparison.Ordinal));
        // It says why it ended; reading why from its host after the host had been disposed printed "error: Cannot access a
        // disposed object. Object name: 'IServiceProvider'." instead.
        Assert.Contains(worker.LogEvents(), e => e.Message().StartsWith("The node ended by itself: it left the cluster", StringComparison.Ordinal));
        Assert.DoesNotContain("disposed object", worker.Stderr);

        var again = bed.StartWorker(restarted.Seed, noopTrainer: true);
        var id = await bed.SubmitAsync(restarted, WorkerCrashTests.Job);
        var final = await bed.WaitForJobAsync(restarted.Api, id, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(120), "the job to end");
        Assert.True((string?)final["status"] == "completed", bed.Diagnostics());
        Assert.False(again.HasExited, again.ToString());
    }
}
