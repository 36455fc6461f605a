using Tuner.Tests.Shared;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A coordinator without seeds forms a cluster of its own, also on a port the system picks (<c>--port 0</c>):
/// it used to seed itself at port 0, which nothing answers, and never became ready. Its log gives the address it bound,
/// which its starting line cannot, and a worker joins with it.</summary>
[Collection(ProcessTests.Name)]
public sealed class SelfSeedingCoordinatorTests
{
    [Fact]
    public async Task A_coordinator_on_port_0_without_seeds_joins_itself_and_becomes_ready()
    {
        using var bed = new ClusterTestBed();
        int httpPort = TunerProcess.FreePort();
        var api = $"http://127.0.0.1:{httpPort}";
        var coordinator = bed.Track(new TunerProcess("coordinator:0",
            ["coordinator", "--hostname", "127.0.0.1", "--port", "0", "--http", api, "--db", Path.Combine(bed.Directory, "tuner.db"),
             "--management-port", "0", "--log-format", "json"], bed.Environment, bed.Directory));
        await bed.Until(async () => (await bed.TryGet(api + "/readyz")) is not null, TimeSpan.FromSeconds(60), "the coordinator ready (an Up member of its own cluster)");
        Assert.False(coordinator.HasExited, coordinator.ToString());

        Assert.DoesNotContain(coordinator.LogEvents(), e => e.Message().Contains("127.0.0.1:0", StringComparison.Ordinal));
        var up = Assert.Single(coordinator.LogEvents(), e => e.Message().Contains("workers and other coordinators join with --seeds", StringComparison.Ordinal));
        var seed = System.Text.RegularExpressions.Regex.Match(up.Message(), @"--seeds ""?(akka\.tcp://tuner@127\.0\.0\.1:\d+)").Groups[1].Value;
        var worker = bed.StartWorker(seed);
        await bed.Until(() => Task.FromResult(worker.LogEvents().Any(e => e.Message().Contains("is up in the cluster", StringComparison.Ordinal))), TimeSpan.FromSeconds(60),
            $"the worker to join {seed}");
    }
}
