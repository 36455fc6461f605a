using Tuner.Tests.Shared;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A dead coordinator while workers keep dying and restarting: the split-brain resolver's stable-after restarts
/// with every worker death or restart, so it would never down the coordinator, and once reachability had kept changing
/// for stable-after + down-all-when-unstable (30 s) every node would down itself. The coordinators' ChurnDowningActor
/// downs the dead coordinator after stable-after of its own (and the dead workers at once), and the cluster lives.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class ChurnDowningTests
{
    [PostgresFact]
    public async Task A_dead_coordinator_is_downed_while_workers_churn_and_no_node_downs_itself()
    {
        using var bed = new ClusterTestBed();
        var db = TestDatabases.CreatePostgresDatabase();
        int[] ports = [TunerProcess.FreePort(), TunerProcess.FreePort(), TunerProcess.FreePort()];
        var oldest = bed.StartCoordinator(db, ports, ports[0]);
        await bed.WaitReadyAsync(oldest, TimeSpan.FromSeconds(60));
        var second = bed.StartCoordinator(db, ports, ports[1]);
        var victim = bed.StartCoordinator(db, ports, ports[2]);
        await bed.WaitReadyAsync(second, TimeSpan.FromSeconds(60));
        await bed.WaitReadyAsync(victim, TimeSpan.FromSeconds(60));
        var seeds = string.Join(",", ports.Select(p => $"akka.tcp://tuner@127.0.0.1:{p}"));
        var workers = new List<TunerProcess> { bed.StartWorker(seeds, noopTrainer: true), bed.StartWorker(seeds, noopTrainer: true) };
        foreach (var worker in workers) await bed.WaitReadyAsync(worker, TimeSpan.FromSeconds(60));

        victim.Process.Kill();
        // Churn for longer than stable-after + down-all-when-unstable: a worker killed and a new one started every 3 s.
        var churnUntil = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        for (var i = 0; DateTime.UtcNow < churnUntil; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            workers[i % workers.Count].Kill();
            workers[i % workers.Count] = bed.StartWorker(seeds, noopTrainer: true);
        }
        await bed.WaitReadyAsync(workers[^1], TimeSpan.FromSeconds(60));

        // The oldest coordinator decided about the dead one; nobody downed everybody; the survivors still answer.
        Assert.Contains(Messages(oldest.Process), m => m.StartsWith("Downing unreachable coordinator", StringComparison.Ordinal));
        foreach (var node in (TunerProcess[])[oldest.Process, second.Process, .. workers])
        {
            Assert.False(node.HasExited, $"{node.Name} exited by itself\n{bed.Diagnostics()}");
            Assert.DoesNotContain(Messages(node), m => m.StartsWith("SBR detected instability", StringComparison.Ordinal));
        }
        await bed.WaitReadyAsync(oldest, TimeSpan.FromSeconds(10));
        await bed.WaitReadyAsync(second, TimeSpan.FromSeconds(10));
    }

    private static List<string> Messages(TunerProcess node) =>
        [.. node.LogEvents().Select(e => e.Message())];
}
